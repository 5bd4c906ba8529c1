package io.jharness.harness.charts;

import io.jharness.harness.format.ResultFormat;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.RunReport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.knowm.xchart.CategoryChart;

/**
 * {@code latency_chart.png}: the request (end-to-end) latency of a latency run at p50, p90, p95,
 * p99 and its maximum, in milliseconds, each bar with its value written above it. Time to first
 * token and inter-token latency are an order of magnitude smaller; they are in the overview.
 */
public final class LatencyChart implements ResultFormat {

    static final String TITLE = "Request latency (end to end)";
    private static final List<String> PERCENTILES = List.of("p50", "p90", "p95", "p99", "max");

    @Override
    public String fileName() {
        return "latency_chart.png";
    }

    @Override
    public boolean appliesTo(RunReport report) {
        return report.latency() != null;
    }

    @Override
    public void write(RunReport report, OutputStream out) throws IOException {
        CategoryChart chart = chart(report.latency(), ChartStyle.WIDTH, ChartStyle.HEIGHT, TITLE);
        ChartStyle.subtitle(chart, report.label());
        ChartStyle.writePng(chart, out);
    }

    /** The bar chart of a latency run's request latency percentiles, without subtitle. */
    static CategoryChart chart(LatencyResult latency, int width, int height, String title) {
        List<Double> ms = List.of(
                latency.medianMs(), latency.p90Ms(), latency.p95Ms(), latency.p99Ms(), latency.maxMs());
        CategoryChart chart = ChartStyle.barChart(
                width, height, title, xAxisTitle(latency), "request latency (ms)", false);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        chart.addSeries("request latency", PERCENTILES, ms);
        ChartStyle.valueLabels(chart, List.of(ms), ChartStyle::formatMs);
        return chart;
    }

    /** What the bars summarise: how many requests, of how many sequences and tokens. */
    static String xAxisTitle(LatencyResult latency) {
        return "percentile of %s (batch size %d, %s generated per sequence)".formatted(
                count(latency.numRuns(), "request"), latency.batchSize(), count(latency.maxTokens(), "token"));
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
