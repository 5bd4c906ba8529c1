package io.jharness.harness.charts;

import io.jharness.harness.format.ResultFormat;
import io.jharness.harness.results.RequestRecord;
import io.jharness.harness.results.RunReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code serve_timeline.png}: what happened to each request of one serve point, as a Gantt
 * chart. One row per request, in order of arrival from the top; time since the start of the
 * point's run across. Each request is a bar in three parts: queued (its scheduled arrival to its
 * admission), prefill (admission to its first token) and decode (first token to its last). A
 * request that failed or was unfinished when the run stopped has the parts it got and a red cross
 * where it was last seen. A prefill bar is drawn at least {@value #MIN_PREFILL_PX} pixels long,
 * reaching back over the end of the queued part if need be: next to a decode of a hundred tokens
 * it is often shorter than a pixel, and would not show at all.
 *
 * <p>The chart shows the first {@value #MAX_MEASURED} measured requests, and the warm-up
 * requests still in flight when the first of them arrived (at most {@value #MAX_WARMUP}, the
 * latest), as grey bars from arrival to their last token: they are the load the first measured
 * requests met. The title says how many measured requests there were.
 *
 * <p>Each kind of part is one XChart series whose bars are separated by NaN gaps, so the chart
 * has a handful of series however many requests it shows.
 */
public final class ServeTimelineChart implements ResultFormat {

    static final int WIDTH = ChartStyle.WIDTH;
    static final int HEIGHT = 760;
    static final int MAX_MEASURED = 150;
    static final int MAX_WARMUP = 30;
    static final String LOST = "failed or unfinished";

    static final Color QUEUED = ChartStyle.PALETTE[1];
    static final Color PREFILL = ChartStyle.PALETTE[2];
    static final Color DECODE = ChartStyle.PALETTE[0];
    static final Color WARMUP = new Color(0xC8, 0xC8, 0xC8);

    /** The plot's height, about: the chart less title, subtitle, time axis and legend. */
    private static final int PLOT_HEIGHT = HEIGHT - 190;
    /** The plot's width, about: the chart less the request axis. */
    private static final int PLOT_WIDTH = WIDTH - 110;
    /** The least length of a prefill bar, in pixels. */
    static final double MIN_PREFILL_PX = 3;
    private static final float LEGEND_STROKE = 9f;

    @Override
    public String fileName() {
        return "serve_timeline.png";
    }

    @Override
    public boolean appliesTo(RunReport report) {
        return report.timeline() != null && !report.timeline().isEmpty();
    }

    @Override
    public void write(RunReport report, OutputStream out) throws IOException {
        if (!appliesTo(report)) {
            throw new IllegalArgumentException("the report has no request timeline to chart");
        }
        XYChart chart = chart(report.timeline(), report.timelinePoint());
        ChartStyle.subtitle(chart, report.label());
        ChartStyle.writePng(chart, out);
    }

    /** The rows the chart shows, top first: the warm-up requests it keeps, then the measured ones. */
    static List<RequestRecord> rows(List<RequestRecord> requests) {
        List<RequestRecord> byArrival = requests.stream()
                .sorted(Comparator.comparingDouble(RequestRecord::scheduledArrivalMs)
                        .thenComparingInt(RequestRecord::id))
                .toList();
        List<RequestRecord> measured = byArrival.stream().filter(r -> !r.warmup()).limit(MAX_MEASURED).toList();
        List<RequestRecord> warmup = byArrival.stream().filter(RequestRecord::warmup).toList();
        if (!measured.isEmpty()) {
            double start = measured.getFirst().scheduledArrivalMs();
            warmup = warmup.stream().filter(r -> r.completionMs() == null || r.completionMs() > start).toList();
        }
        warmup = warmup.subList(Math.max(0, warmup.size() - MAX_WARMUP), warmup.size());
        List<RequestRecord> rows = new ArrayList<>(warmup);
        rows.addAll(measured);
        rows.sort(Comparator.comparingDouble(RequestRecord::scheduledArrivalMs).thenComparingInt(RequestRecord::id));
        return rows;
    }

    static XYChart chart(List<RequestRecord> requests, String point) {
        List<RequestRecord> rows = rows(requests);
        long measured = requests.stream().filter(r -> !r.warmup()).count();
        long shown = rows.stream().filter(r -> !r.warmup()).count();
        long warmups = rows.size() - shown;
        XYChart chart = ChartStyle.xyChart(
                WIDTH, HEIGHT, title(point, shown, measured), "time since the start of the run (s)",
                yAxisTitle(warmups), true);
        double start = Double.MAX_VALUE;
        double end = -Double.MAX_VALUE;
        for (RequestRecord r : rows) {
            Double last = lastSeen(r);
            start = Math.min(start, r.scheduledArrivalMs() / 1000);
            end = Math.max(end, (last != null ? last : r.scheduledArrivalMs()) / 1000);
        }
        double span = end > start ? end - start : 1;
        var st = chart.getStyler();
        // The plot spans exactly the axes' ranges, so no tick falls outside the rows.
        st.setPlotContentSize(1.0);
        st.setXAxisMin(start - span * 0.01);
        st.setXAxisMax(end + span * 0.01);
        st.setXAxisDecimalPattern("#,##0.##");
        st.setPlotGridHorizontalLinesVisible(false);
        // Row i (from 1, top first) is drawn at y = -i; its tick label reads i.
        st.setyAxisTickLabelsFormattingFunction(y -> ChartStyle.formatWhole(-y));
        st.setYAxisMin(-(rows.size() + 0.7));
        st.setYAxisMax(-0.3);

        float width = (float) Math.max(1, Math.min(14, 0.72 * PLOT_HEIGHT / Math.max(1, rows.size())));
        // Prefill is often under a pixel long next to decode: draw it at least this long to show where it is.
        double minPrefillMs = 1000 * MIN_PREFILL_PX * span * 1.02 / PLOT_WIDTH;
        Bars queued = new Bars();
        Bars prefill = new Bars();
        Bars decode = new Bars();
        Bars warm = new Bars();
        List<double[]> lost = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            RequestRecord r = rows.get(i);
            double y = -(i + 1);
            double arrival = r.scheduledArrivalMs();
            Double last = lastSeen(r);
            if (r.warmup()) {
                warm.add(arrival, last, y);
            } else {
                queued.add(arrival, r.admittedMs(), y);
                Double prefillStart = r.admittedMs();
                if (prefillStart != null && r.firstTokenMs() != null) {
                    prefillStart = Math.min(prefillStart, r.firstTokenMs() - minPrefillMs);
                }
                prefill.add(prefillStart, r.firstTokenMs(), y);
                decode.add(r.firstTokenMs(), r.completionMs(), y);
            }
            if (!"done".equals(r.status())) {
                lost.add(new double[] {(last != null ? last : arrival) / 1000, y});
            }
        }
        // Legend entries first, in reading order, each a single point drawn as nothing.
        double[] anyX = {rows.getFirst().scheduledArrivalMs() / 1000};
        double[] anyY = {-1};
        if (warmups > 0) {
            legend(chart, "warm-up (not measured)", WARMUP, anyX, anyY);
        }
        legend(chart, "queued", QUEUED, anyX, anyY);
        legend(chart, "prefill (to first token)", PREFILL, anyX, anyY);
        legend(chart, "decode (to last token)", DECODE, anyX, anyY);
        warm.draw(chart, "warm-up bars", WARMUP, width);
        queued.draw(chart, "queued bars", QUEUED, width);
        prefill.draw(chart, "prefill bars", PREFILL, width);
        decode.draw(chart, "decode bars", DECODE, width);
        if (!lost.isEmpty()) {
            XYSeries s = chart.addSeries(LOST,
                    lost.stream().mapToDouble(p -> p[0]).toArray(), lost.stream().mapToDouble(p -> p[1]).toArray());
            s.setLineStyle(SeriesLines.NONE);
            s.setMarker(SeriesMarkers.CROSS);
            s.setMarkerColor(ServeCharts.MISS);
            s.setLineColor(ServeCharts.MISS);
        }
        return chart;
    }

    static String title(String point, long shown, long measured) {
        String title = "Request timeline" + (point != null ? " of " + point : "");
        if (shown < measured) {
            title += " (first " + shown + " of " + measured + " measured requests)";
        }
        return title;
    }

    private static String yAxisTitle(long warmups) {
        return "request, in order of arrival" + (warmups > 0 ? " (warm-up first, grey)" : "");
    }

    /** The last time the request was seen: its last token, first token, admission or nothing. */
    private static Double lastSeen(RequestRecord r) {
        if (r.completionMs() != null) {
            return r.completionMs();
        }
        if (r.firstTokenMs() != null) {
            return r.firstTokenMs();
        }
        return r.admittedMs();
    }

    private static void legend(XYChart chart, String name, Color color, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(LEGEND_STROKE, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        s.setMarker(SeriesMarkers.NONE);
    }

    /** Horizontal bars of one kind: a polyline with a NaN gap after each bar. */
    private static final class Bars {
        private final List<double[]> points = new ArrayList<>();

        /** A bar from {@code from} to {@code to} ms on row {@code y}; nothing when either end is missing. */
        void add(Double from, Double to, double y) {
            if (from != null && to != null && to >= from) {
                points.add(new double[] {from / 1000, y});
                points.add(new double[] {to / 1000, y});
                points.add(new double[] {to / 1000, Double.NaN});
            }
        }

        void draw(XYChart chart, String name, Color color, float width) {
            if (points.isEmpty()) {
                return;
            }
            XYSeries s = chart.addSeries(name, points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray());
            s.setLineColor(color);
            s.setLineStyle(new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
        }
    }
}
