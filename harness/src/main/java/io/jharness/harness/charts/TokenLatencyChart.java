package io.jharness.harness.charts;

import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.LatencyResult;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;

/**
 * An overview panel: time to first token (TTFT) and inter-token latency (ITL) of a latency run at
 * p50, p90, p95 and p99, as grouped bars. A distribution the run did not measure (ITL when one
 * token is generated) is left out.
 */
final class TokenLatencyChart {

    private static final List<String> PERCENTILES = List.of("p50", "p90", "p95", "p99");
    private static final String TTFT = "time to first token (TTFT)";
    private static final String ITL = "inter-token latency (ITL)";

    private TokenLatencyChart() {}

    static boolean appliesTo(LatencyResult latency) {
        return latency != null && (measured(latency.ttftMs()) || measured(latency.itlMs()));
    }

    static CategoryChart chart(LatencyResult latency, int width, int height) {
        List<String> names = new ArrayList<>();
        List<List<Double>> values = new ArrayList<>();
        if (measured(latency.ttftMs())) {
            names.add(TTFT);
            values.add(percentiles(latency.ttftMs()));
        }
        if (measured(latency.itlMs())) {
            names.add(ITL);
            values.add(percentiles(latency.itlMs()));
        }
        boolean several = names.size() > 1;
        String title = several ? "Time to first token and inter-token latency" : capitalized(names.getFirst());
        CategoryChart chart = ChartStyle.barChart(width, height, title, "percentile", "latency (ms)", several);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        for (int i = 0; i < names.size(); i++) {
            chart.addSeries(names.get(i), PERCENTILES, values.get(i));
        }
        ChartStyle.valueLabels(chart, values, ChartStyle::formatMs);
        return chart;
    }

    private static boolean measured(DistributionSummary d) {
        return d != null && d.count() > 0;
    }

    private static List<Double> percentiles(DistributionSummary d) {
        return List.of(d.p50Ms(), d.p90Ms(), d.p95Ms(), d.p99Ms());
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
