package io.jharness.harness.charts;

import io.jharness.harness.format.ResultFormat;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.CategoryChart;

/**
 * {@code throughput_chart.png}: generated tokens per second for each batch size of a throughput
 * sweep, one bar per batch size with its value written above it. A batch size that failed keeps
 * its place on the axis with no bar and the word "failed" (or "skipped").
 */
public final class ThroughputChart implements ResultFormat {

    static final String TITLE = "Throughput by batch size";

    @Override
    public String fileName() {
        return "throughput_chart.png";
    }

    @Override
    public boolean appliesTo(RunReport report) {
        return hasOkPoint(report.throughput());
    }

    @Override
    public void write(RunReport report, OutputStream out) throws IOException {
        CategoryChart chart = chart(report.throughput(), ChartStyle.WIDTH, ChartStyle.HEIGHT, TITLE);
        ChartStyle.subtitle(chart, report.label());
        ChartStyle.writePng(chart, out);
    }

    /** Whether the sweep has a point that measured a throughput. */
    static boolean hasOkPoint(ThroughputResult throughput) {
        return throughput != null
                && throughput.points().stream().anyMatch(p -> p.ok() && p.throughputTokensPerSec() != null);
    }

    /** The bar chart of a sweep with at least one ok point, without subtitle. */
    static CategoryChart chart(ThroughputResult throughput, int width, int height, String title) {
        List<ThroughputPoint> points = byBatchSize(throughput);
        List<String> batchSizes = new ArrayList<>();
        List<Double> tokensPerSec = new ArrayList<>();
        for (ThroughputPoint p : points) {
            batchSizes.add(Integer.toString(p.batchSize()));
            tokensPerSec.add(p.ok() ? p.throughputTokensPerSec() : null);
        }
        CategoryChart chart = ChartStyle.barChart(
                width, height, title, "batch size", "throughput (tokens/s)", false);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.addSeries("throughput", batchSizes, tokensPerSec);
        ChartStyle.valueLabels(chart, List.of(tokensPerSec), ChartStyle::formatWhole);
        for (int i = 0; i < points.size(); i++) {
            if (!points.get(i).ok()) {
                ChartStyle.categoryNote(chart, i, points.get(i).status());
            }
        }
        return chart;
    }

    /** The sweep's points, smallest batch size first. */
    static List<ThroughputPoint> byBatchSize(ThroughputResult throughput) {
        return throughput.points().stream()
                .sorted(Comparator.comparingInt(ThroughputPoint::batchSize))
                .toList();
    }
}
