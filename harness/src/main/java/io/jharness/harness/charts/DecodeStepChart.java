package io.jharness.harness.charts;

import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;

/**
 * An overview panel: the wall time of one decode step at p50 and p99 for each batch size of a
 * throughput sweep, as grouped bars. A batch size that failed keeps its place with the word
 * "failed" (or "skipped").
 */
final class DecodeStepChart {

    static final String TITLE = "Decode step time by batch size";

    private DecodeStepChart() {}

    /** Whether some ok point of the sweep timed decode steps. */
    static boolean appliesTo(ThroughputResult throughput) {
        return throughput != null && throughput.points().stream().anyMatch(p -> decodeWall(p) != null);
    }

    static CategoryChart chart(ThroughputResult throughput, int width, int height) {
        List<ThroughputPoint> points = ThroughputChart.byBatchSize(throughput);
        List<String> batchSizes = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (ThroughputPoint p : points) {
            batchSizes.add(Integer.toString(p.batchSize()));
            DistributionSummary wall = decodeWall(p);
            p50.add(wall == null ? null : wall.p50Ms());
            p99.add(wall == null ? null : wall.p99Ms());
        }
        CategoryChart chart = ChartStyle.barChart(
                width, height, TITLE, "batch size", "decode step wall time (ms)", true);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        chart.addSeries("p50", batchSizes, p50);
        chart.addSeries("p99", batchSizes, p99);
        ChartStyle.valueLabels(chart, List.of(p50, p99), ChartStyle::formatMs);
        for (int i = 0; i < points.size(); i++) {
            if (!points.get(i).ok()) {
                ChartStyle.categoryNote(chart, i, points.get(i).status());
            }
        }
        return chart;
    }

    /** The point's decode step wall times, or null when it failed or timed no decode step. */
    private static DistributionSummary decodeWall(ThroughputPoint p) {
        if (!p.ok() || p.decode() == null || p.decode().wallMs() == null || p.decode().wallMs().count() == 0) {
            return null;
        }
        return p.decode().wallMs();
    }
}
