package io.jharness.harness.charts;

import io.jharness.harness.format.ResultFormat;
import io.jharness.harness.results.RunReport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the charts of a realistic run for a person to look at: run the tests with
 * {@code -Dchart.preview=/tmp/chart-preview}.
 */
@EnabledIfSystemProperty(named = "chart.preview", matches = ".+")
class ChartPreviewTest {

    @Test
    void writePreviews() throws IOException {
        Path dir = Path.of(System.getProperty("chart.preview"));
        Files.createDirectories(dir);
        RunReport both = ChartFixtures.bothReport();
        for (ResultFormat format : Charts.all()) {
            write(format, both, dir.resolve(format.fileName()));
        }
        RunReport failed = new RunReport(
                ChartFixtures.metadata("throughput", false), ChartFixtures.sweepWithFailure(), null);
        write(new ThroughputChart(), failed, dir.resolve("failed_point_throughput_chart.png"));
        write(new OverviewChart(), failed, dir.resolve("failed_point_performance_overview.png"));
        RunReport latencyOnly = new RunReport(null, null, ChartFixtures.latency(ChartFixtures.latency().ttftMs(), null));
        write(new OverviewChart(), latencyOnly, dir.resolve("latency_only_performance_overview.png"));
        RunReport wide = new RunReport(ChartFixtures.metadata("throughput", true), ChartFixtures.wideSweep(), null);
        write(new ThroughputChart(), wide, dir.resolve("wide_sweep_throughput_chart.png"));
        write(new OverviewChart(), wide, dir.resolve("wide_sweep_performance_overview.png"));
        write(new LatencyChart(), new RunReport(null, null, ChartFixtures.zeroLatency()),
                dir.resolve("zero_latency_chart.png"));
    }

    private static void write(ResultFormat format, RunReport report, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            format.write(report, out);
        }
    }
}
