package io.jharness.harness.charts;

import io.jharness.harness.format.ResultFormat;
import io.jharness.harness.results.RunReport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
            if (format.appliesTo(both)) {
                write(format, both, dir.resolve(format.fileName()));
            }
        }
        write(new RooflineChart(), ChartFixtures.rooflineReport(true), dir.resolve("roofline_chart.png"));
        write(new RooflineChart(), ChartFixtures.rooflineReport(false), dir.resolve("cpu_roofline_chart.png"));
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
        write(new TelemetryChart(), TelemetryFixtures.report(TelemetryFixtures.h100()), dir.resolve("gpu_telemetry.png"));
        write(new TelemetryChart(), TelemetryFixtures.report(TelemetryFixtures.unsupported()),
                dir.resolve("unsupported_gpu_telemetry.png"));
        write(new TelemetryChart(), TelemetryFixtures.report(TelemetryFixtures.long100k()),
                dir.resolve("long_gpu_telemetry.png"));
        writeServe(dir, "rate_sweep", ServeFixtures.report(
                ServeFixtures.rateSweep(), ServeFixtures.timeline(10, 200), "rate=16"));
        writeServe(dir, "find_max_rate", ServeFixtures.report(ServeFixtures.findMaxRate()));
        writeServe(dir, "none_met", ServeFixtures.report(ServeFixtures.findMaxRateNoneMet()));
        writeServe(dir, "concurrency", ServeFixtures.report(ServeFixtures.concurrencySweep()));
        writeServe(dir, "uneven_concurrency", ServeFixtures.report(ServeFixtures.unevenConcurrencySweep()));
        writeServe(dir, "failed_point", ServeFixtures.report(ServeFixtures.sweepWithFailedPoint()));
        writeServe(dir, "one_token", ServeFixtures.report(ServeFixtures.oneToken()));
        writeServe(dir, "trace", ServeFixtures.report(
                ServeFixtures.trace(), ServeFixtures.timeline(2, 5), "trace"));
    }

    private static void writeServe(Path dir, String name, RunReport report) throws IOException {
        for (ResultFormat format : List.of(new ServeLatencyChart(), new ServeThroughputChart(), new ServeTimelineChart())) {
            if (format.appliesTo(report)) {
                write(format, report, dir.resolve(name + "_" + format.fileName()));
            }
        }
    }

    private static void write(ResultFormat format, RunReport report, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            format.write(report, out);
        }
    }
}
