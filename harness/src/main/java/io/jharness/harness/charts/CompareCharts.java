package io.jharness.harness.charts;

import io.jharness.harness.compare.Comparison;
import io.jharness.harness.compare.Comparison.Row;
import io.jharness.harness.compare.Comparison.Sample;
import io.jharness.harness.format.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.statistics.descriptive.StandardDeviation;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of {@code harness compare}, one series per run (baseline first, in the shared
 * palette's order): {@code compare_throughput.png}, tokens/s per batch size as grouped bars;
 * {@code compare_latency.png}, request latency percentiles as grouped bars; and
 * {@code compare_serve.png}, each run's serving curve (TTFT p99 and p50 against output tokens/s
 * achieved) overlaid. Error bars are ± one standard deviation of the repeats (none for a run
 * measured once).
 */
public final class CompareCharts {

    public static final String THROUGHPUT = "compare_throughput.png";
    public static final String LATENCY = "compare_latency.png";
    public static final String SERVE = "compare_serve.png";

    private CompareCharts() {}

    /** Writes every chart the comparison has data for into {@code dir}; returns the files written. */
    public static List<Path> write(Comparison c, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        if (!c.throughput().isEmpty()) {
            written.add(write(bars(c, c.throughput(), "Throughput by batch size", "batch size", "throughput (tokens/s)",
                    r -> r.point().replace("batch ", "")), dir.resolve(THROUGHPUT)));
        }
        if (!c.latency().isEmpty()) {
            written.add(write(bars(c, c.latency(), "Request latency percentiles", "percentile", "request latency (ms)",
                    r -> r.figure().replace(" ms", "")), dir.resolve(LATENCY)));
        }
        if (c.serve().stream().anyMatch(r -> r.figure().equals("out tok/s"))) {
            written.add(write(serve(c), dir.resolve(SERVE)));
        }
        return written;
    }

    private static Path write(Chart<?, ?> chart, Path file) throws IOException {
        AtomicFiles.write(file, out -> ChartStyle.writePng(chart, out));
        return file;
    }

    private static String subtitle(Comparison c) {
        String s = "baseline " + c.baseline() + "; error bars: ± one standard deviation of the repeats";
        boolean simulated = c.runs().stream().anyMatch(r -> Boolean.TRUE.equals(r.simulated()));
        return simulated ? s + " - includes SIMULATED runs" : s;
    }

    /** Grouped bars: one category per row, one series per run. */
    static CategoryChart bars(Comparison c, List<Row> rows, String title, String xAxis, String yAxis,
            java.util.function.Function<Row, String> category) {
        CategoryChart chart = ChartStyle.barChart(ChartStyle.WIDTH, ChartStyle.HEIGHT, title, xAxis, yAxis, true);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        chart.getStyler().setErrorBarsColor(ChartStyle.TEXT);
        List<String> categories = rows.stream().map(category).toList();
        double top = 0;
        for (int run = 0; run < c.runs().size(); run++) {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (Row row : rows) {
                Sample s = row.values().get(run);
                y.add(s.measured() ? s.median() : 0.0);
                double sd = stddev(s);
                err.add(sd);
                top = Math.max(top, s.measured() ? s.median() + sd : 0);
            }
            String name = c.runs().get(run).label() + (run == 0 ? " (baseline)" : "");
            chart.addSeries(name, categories, y, err);
        }
        chart.getStyler().setYAxisMax(top > 0 ? top * 1.08 : 1.0);
        ChartStyle.subtitle(chart, subtitle(c));
        return chart;
    }

    /** Each run's TTFT p99 (solid) and p50 (dashed) against its output tokens/s, per serve point. */
    static XYChart serve(Comparison c) {
        XYChart chart = ChartStyle.xyChart(ChartStyle.WIDTH, ChartStyle.HEIGHT, "Serving: TTFT vs output throughput",
                "output throughput (tokens/s)", "time to first token (ms)", true);
        chart.getStyler().setErrorBarsColor(ChartStyle.MUTED_TEXT);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        List<String> points = c.serve().stream().map(Row::point).distinct().toList();
        for (int run = 0; run < c.runs().size(); run++) {
            Color color = ChartStyle.PALETTE[run % ChartStyle.PALETTE.length];
            String label = c.runs().get(run).label() + (run == 0 ? " (baseline)" : "");
            for (String figure : List.of("TTFT p99 ms", "TTFT p50 ms")) {
                List<double[]> xy = new ArrayList<>();
                for (String point : points) {
                    Sample x = find(c, point, "out tok/s", run);
                    Sample y = find(c, point, figure, run);
                    if (x != null && y != null && x.measured() && y.measured()) {
                        xy.add(new double[] {x.median(), y.median(), stddev(y)});
                    }
                }
                if (xy.isEmpty()) {
                    continue;
                }
                xy.sort(Comparator.comparingDouble(v -> v[0]));
                XYSeries s = chart.addSeries(label + " " + figure.replace(" ms", ""),
                        xy.stream().mapToDouble(v -> v[0]).toArray(), xy.stream().mapToDouble(v -> v[1]).toArray(),
                        xy.stream().mapToDouble(v -> v[2]).toArray());
                s.setLineColor(color);
                s.setMarkerColor(color);
                boolean p99 = figure.startsWith("TTFT p99");
                s.setMarker(p99 ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
                s.setLineStyle(p99 ? new BasicStroke(2.5f)
                        : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            }
        }
        ChartStyle.subtitle(chart, subtitle(c));
        return chart;
    }

    private static Sample find(Comparison c, String point, String figure, int run) {
        return c.serve().stream().filter(r -> r.point().equals(point) && r.figure().equals(figure))
                .map(r -> r.values().get(run)).findFirst().orElse(null);
    }

    /** The sample standard deviation of the repeats; 0 for one value. */
    private static double stddev(Sample s) {
        if (!s.measured() || s.values().size() < 2) {
            return 0;
        }
        return StandardDeviation.of(s.values().stream().mapToDouble(Double::doubleValue).toArray()).getAsDouble();
    }
}
