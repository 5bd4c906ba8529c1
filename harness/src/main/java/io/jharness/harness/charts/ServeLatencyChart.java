package io.jharness.harness.charts;

import io.jharness.harness.config.SloSpec;
import io.jharness.harness.format.ResultFormat;
import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.ServeMetrics;
import io.jharness.harness.results.ServePoint;
import io.jharness.harness.results.ServeSweep;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code serve_latency_vs_throughput.png}: the "hockey stick" of an online-load sweep. Two panels
 * side by side, each against the throughput each point achieved (completed requests per second):
 * time to first token at p50 and p99 on the left, inter-token latency at p50 and p99 on the
 * right. With an SLO, each bound a panel can be read against is a dashed line: the TTFT bound on
 * the left; on the right the ITL bound, and the TPOT bound together with the TPOT p99 it bounds.
 * The points that missed the SLO (at p99, on any bound) have red markers on the p99 line the
 * panel's bound is read against (TTFT p99; TPOT p99, else ITL p99). A panel's latency axis is
 * logarithmic when its values span more than two decades, linear from zero otherwise, where the
 * knee shows best. Failed points are named under the throughput axis.
 */
public final class ServeLatencyChart implements ResultFormat {

    static final String TITLE = "Latency vs achieved throughput";
    static final String X_AXIS = "achieved throughput (requests/s)";
    /** A latency axis turns logarithmic when its largest value is more than this times its smallest. */
    static final double LOG_SPAN = 100;

    private static final Color P50 = ChartStyle.PALETTE[0];
    private static final Color P99 = ChartStyle.PALETTE[1];
    private static final Color TPOT = ChartStyle.PALETTE[2];

    @Override
    public String fileName() {
        return "serve_latency_vs_throughput.png";
    }

    @Override
    public boolean appliesTo(RunReport report) {
        return !ServeCharts.measured(report.serve()).isEmpty();
    }

    @Override
    public void write(RunReport report, OutputStream out) throws IOException {
        if (!appliesTo(report)) {
            throw new IllegalArgumentException("the report has no measured serve point to chart");
        }
        ServeCharts.writePanels(ServeCharts.withSlo(TITLE, report.serve()), report, panels(report.serve()), out);
    }

    /** The TTFT panel and the ITL panel. */
    static List<XYChart> panels(ServeSweep sweep) {
        List<ServePoint> points = byThroughput(sweep);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("the sweep has no measured point to chart");
        }
        SloSpec slo = ServeCharts.slo(sweep);
        String xAxis = ServeCharts.withFailures(X_AXIS, sweep, p -> p.ok() && p.metrics() != null);
        return List.of(ttftPanel(points, slo, xAxis), itlPanel(points, slo, xAxis));
    }

    /** The measured points, lowest achieved throughput first. */
    static List<ServePoint> byThroughput(ServeSweep sweep) {
        return ServeCharts.measured(sweep).stream()
                .sorted(Comparator.comparingDouble(p -> p.metrics().requestsPerSec()))
                .toList();
    }

    private static XYChart ttftPanel(List<ServePoint> points, SloSpec slo, String xAxis) {
        Panel panel = new Panel("Time to first token (TTFT)", xAxis, "TTFT", points);
        panel.add("TTFT p50", ServeMetrics::ttftMs, DistributionSummary::p50Ms, P50, SeriesMarkers.CIRCLE);
        Series p99 = panel.add("TTFT p99", ServeMetrics::ttftMs, DistributionSummary::p99Ms, P99,
                SeriesMarkers.DIAMOND);
        panel.bound("TTFT p99", ServeCharts.boundMs(slo, "ttft"), P99);
        return panel.build(slo != null ? p99 : null);
    }

    private static XYChart itlPanel(List<ServePoint> points, SloSpec slo, String xAxis) {
        double tpotBound = ServeCharts.boundMs(slo, "tpot");
        boolean tpot = !Double.isNaN(tpotBound);
        String title = tpot ? "Inter-token latency (ITL) and TPOT p99" : "Inter-token latency (ITL)";
        Panel panel = new Panel(title, xAxis, tpot ? "ITL, TPOT" : "ITL", points);
        panel.add("ITL p50", ServeMetrics::itlMs, DistributionSummary::p50Ms, P50, SeriesMarkers.CIRCLE);
        Series judged = panel.add("ITL p99", ServeMetrics::itlMs, DistributionSummary::p99Ms, P99,
                SeriesMarkers.DIAMOND);
        panel.bound("ITL p99", ServeCharts.boundMs(slo, "itl"), P99);
        if (tpot) {
            // The TPOT bound is read against TPOT p99, so the misses are marked there.
            Series p99 = panel.add("TPOT p99", ServeMetrics::tpotMs, DistributionSummary::p99Ms, TPOT,
                    SeriesMarkers.TRIANGLE_UP);
            panel.bound("TPOT p99", tpotBound, TPOT);
            judged = p99 != null ? p99 : judged;
        }
        return panel.build(slo != null ? judged : null);
    }

    /** One series' points: x, y, and whether the point missed the SLO. */
    record Series(String name, double[] x, double[] y, boolean[] miss, Color color, Marker marker) {}

    /** The series and bounds of one panel, gathered before the chart is built so the axes can fit them. */
    private static final class Panel {
        private final String title;
        private final String xAxis;
        private final String quantity;
        private final List<ServePoint> points;
        private final List<Series> series = new ArrayList<>();
        private final List<String> boundNames = new ArrayList<>();
        private final List<Double> bounds = new ArrayList<>();
        private final List<Color> boundColors = new ArrayList<>();

        Panel(String title, String xAxis, String quantity, List<ServePoint> points) {
            this.title = title;
            this.xAxis = xAxis;
            this.quantity = quantity;
            this.points = points;
        }

        /** A series of the points that measured the distribution; null when none did. */
        Series add(String name, Function<ServeMetrics, DistributionSummary> distribution,
                ToDoubleFunction<DistributionSummary> percentile, Color color, Marker marker) {
            List<ServePoint> with = points.stream()
                    .filter(p -> ServeCharts.measured(distribution.apply(p.metrics())))
                    .toList();
            if (with.isEmpty()) {
                return null;
            }
            double[] x = new double[with.size()];
            double[] y = new double[with.size()];
            boolean[] miss = new boolean[with.size()];
            for (int i = 0; i < with.size(); i++) {
                ServePoint p = with.get(i);
                x[i] = p.metrics().requestsPerSec();
                y[i] = percentile.applyAsDouble(distribution.apply(p.metrics()));
                miss[i] = ServeCharts.missesSlo(p);
            }
            Series s = new Series(name, x, y, miss, color, marker);
            series.add(s);
            return s;
        }

        void bound(String what, double ms, Color color) {
            if (!Double.isNaN(ms)) {
                boundNames.add("SLO: " + what + " \u2264 " + ServeCharts.formatBound(ms) + " ms");
                bounds.add(ms);
                boundColors.add(color);
            }
        }

        /** The chart, with red markers on the points of {@code judged} that miss the SLO (none when null). */
        XYChart build(Series judged) {
            List<Double> values = new ArrayList<>(bounds);
            for (Series s : series) {
                for (double y : s.y()) {
                    values.add(y);
                }
            }
            // Both panels share the throughput axis, whatever each measured.
            double xMax = points.stream().mapToDouble(p -> p.metrics().requestsPerSec()).max().orElse(0);
            boolean log = logScale(values);
            String yAxis = quantity + " (ms" + (log ? ", log scale" : "") + ")";
            XYChart chart = ChartStyle.xyChart(ChartStyle.PANEL_WIDTH, ChartStyle.PANEL_HEIGHT,
                    series.isEmpty() ? title + ": not measured" : title, xAxis, yAxis, true);
            var st = chart.getStyler();
            double xTop = xMax > 0 ? xMax * 1.08 : 1;
            st.setXAxisMin(0.0);
            st.setXAxisMax(xTop);
            st.setXAxisDecimalPattern("#,##0.##");
            latencyAxis(chart, values, log);
            for (Series s : series) {
                ServeCharts.line(chart, s.name(), s.x(), s.y(), s.color(), s.marker());
            }
            for (int i = 0; i < bounds.size(); i++) {
                double b = bounds.get(i);
                ServeCharts.dashed(chart, boundNames.get(i), new double[] {0, xTop}, new double[] {b, b},
                        boundColors.get(i));
            }
            if (judged != null) {
                ServeCharts.misses(chart, judged.x(), judged.y(), judged.miss(), judged.marker());
            }
            if (series.isEmpty()) {
                // Nothing measured (a single token per request has no gaps): an empty plot. Its invisible
                // points are unevenly spaced, so XChart spaces the ticks as usual rather than on them.
                XYSeries none = chart.addSeries(
                        "not measured", new double[] {0, xTop * 0.3, xTop}, new double[] {0, 0.5, 1});
                none.setMarker(SeriesMarkers.NONE);
                none.setLineStyle(SeriesLines.NONE);
                none.setShowInLegend(false);
            }
            return chart;
        }
    }

    /** Whether latencies this far apart need a logarithmic axis for the small ones to be read. */
    static boolean logScale(List<Double> values) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return min > 0 && max / min > LOG_SPAN;
    }

    private static void latencyAxis(XYChart chart, List<Double> values, boolean log) {
        var st = chart.getStyler();
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (log) {
            st.setYAxisLogarithmic(true);
            st.setYAxisLogarithmicDecadeOnly(true);
            st.setYAxisMin(min / 1.3);
            st.setYAxisMax(max * 1.3);
        } else {
            st.setYAxisMin(0.0);
            st.setYAxisMax(max > 0 ? max * 1.1 : 1.0);
            st.setYAxisDecimalPattern("#,##0.###");
        }
    }
}
