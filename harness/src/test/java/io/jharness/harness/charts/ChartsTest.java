package io.jharness.harness.charts;

import static io.jharness.harness.charts.ChartFixtures.bothReport;
import static io.jharness.harness.charts.ChartFixtures.latency;
import static io.jharness.harness.charts.ChartFixtures.latencyReport;
import static io.jharness.harness.charts.ChartFixtures.metadata;
import static io.jharness.harness.charts.ChartFixtures.ms;
import static io.jharness.harness.charts.ChartFixtures.sweep;
import static io.jharness.harness.charts.ChartFixtures.sweepWithFailure;
import static io.jharness.harness.charts.ChartFixtures.throughputReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.harness.format.ResultFormat;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ChartsTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static BufferedImage render(ResultFormat format, RunReport report) throws IOException {
        var out = new ByteArrayOutputStream();
        format.write(report, out);
        byte[] bytes = out.toByteArray();
        assertTrue(bytes.length > PNG_SIGNATURE.length, "wrote nothing");
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            assertEquals(PNG_SIGNATURE[i], bytes[i], "not a PNG signature");
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertNotNull(image, "not a readable PNG");
        return image;
    }

    static void assertSize(int width, int height, BufferedImage image) {
        assertEquals(width, image.getWidth(), "width");
        assertEquals(height, image.getHeight(), "height");
    }

    @Test
    void allHasTheChartFiles() {
        assertEquals(
                List.of("throughput_chart.png", "latency_chart.png", "performance_overview.png",
                        "serve_latency_vs_throughput.png", "serve_throughput_vs_rate.png", "serve_timeline.png",
                        "gpu_telemetry.png", "roofline_chart.png"),
                Charts.all().stream().map(ResultFormat::fileName).toList());
    }

    @Test
    void rooflineChartOnlyForRunsWithAModel() throws IOException {
        assertFalse(new RooflineChart().appliesTo(throughputReport()), "a mock run has no roofline");
        RunReport gpu = ChartFixtures.rooflineReport(true);
        assertTrue(new RooflineChart().appliesTo(gpu));
        assertSize(2 * 800, 78 + 500, render(new RooflineChart(), gpu));
        assertSize(2 * 800, 78 + 500, render(new RooflineChart(), ChartFixtures.rooflineReport(false)));
    }

    @Test
    void rooflineChartNamesItsCeilings() {
        assertEquals("NVIDIA H100 80GB HBM3: copy ceiling 2,950 GB/s, datasheet 3,350 GB/s",
                RooflineChart.ceilings(ChartFixtures.rooflineReport(true).metadata().rooflineCeiling()));
        assertEquals("no bandwidth ceilings: not a CUDA device", RooflineChart.ceilings(null));
        // The bandwidth axis reaches above the highest ceiling, so its line is drawn.
        var chart = RooflineChart.bandwidth(ChartFixtures.rooflineReport(true).throughput(),
                ChartFixtures.rooflineReport(true).metadata().rooflineCeiling(), 800, 500);
        assertTrue(chart.getStyler().getYAxisMax() > 3350, "y max " + chart.getStyler().getYAxisMax());
    }

    @Test
    void throughputChartRendersAt1000By600() throws IOException {
        assertSize(1000, 600, render(new ThroughputChart(), throughputReport()));
    }

    @Test
    void throughputChartRendersWithAFailedPoint() throws IOException {
        var report = new RunReport(metadata("throughput", false), sweepWithFailure(), null);
        assertTrue(new ThroughputChart().appliesTo(report));
        assertSize(1000, 600, render(new ThroughputChart(), report));
    }

    @Test
    void throughputChartRendersAFailedPointInTheMiddle() throws IOException {
        var points = List.of(
                ChartFixtures.ok(1, 250), ThroughputPoint.failed(8, "boom"), ChartFixtures.ok(16, 3700));
        var report = new RunReport(null, new ThroughputResult(points), null);
        assertSize(1000, 600, render(new ThroughputChart(), report));
    }

    @Test
    void throughputChartRendersOnePoint() throws IOException {
        var report = new RunReport(null, new ThroughputResult(List.of(ChartFixtures.ok(4, 900))), null);
        assertSize(1000, 600, render(new ThroughputChart(), report));
    }

    @Test
    void throughputChartNeedsAnOkPoint() {
        var chart = new ThroughputChart();
        assertTrue(chart.appliesTo(throughputReport()));
        assertFalse(chart.appliesTo(latencyReport()));
        assertFalse(chart.appliesTo(new RunReport(null, null, null)));
        var allFailed = new ThroughputResult(List.of(ThroughputPoint.failed(8, "oom"), ThroughputPoint.failed(16, "oom")));
        assertFalse(chart.appliesTo(new RunReport(null, allFailed, null)));
        assertFalse(chart.appliesTo(new RunReport(null, new ThroughputResult(List.of()), null)));
    }

    @Test
    void latencyChartRendersAt1000By600() throws IOException {
        assertSize(1000, 600, render(new LatencyChart(), latencyReport()));
    }

    @Test
    void latencyChartAppliesOnlyWithALatencyResult() {
        var chart = new LatencyChart();
        assertTrue(chart.appliesTo(latencyReport()));
        assertTrue(chart.appliesTo(bothReport()));
        assertFalse(chart.appliesTo(throughputReport()));
        assertFalse(chart.appliesTo(new RunReport(null, null, null)));
    }

    @Test
    void latencyChartRendersWithoutMetadata() throws IOException {
        assertSize(1000, 600, render(new LatencyChart(), new RunReport(null, null, latency())));
    }

    @Test
    void overviewOfBothHasFourPanelsInTwoRows() throws IOException {
        var report = bothReport();
        assertEquals(4, OverviewChart.panels(report).size());
        assertSize(1600, OverviewChart.HEADER_HEIGHT + 1000, render(new OverviewChart(), report));
    }

    @Test
    void overviewOfOneWorkloadHasOneRow() throws IOException {
        assertEquals(2, OverviewChart.panels(throughputReport()).size());
        assertSize(1600, OverviewChart.HEADER_HEIGHT + 500, render(new OverviewChart(), throughputReport()));
        assertEquals(2, OverviewChart.panels(latencyReport()).size());
        assertSize(1600, OverviewChart.HEADER_HEIGHT + 500, render(new OverviewChart(), latencyReport()));
    }

    @Test
    void overviewSkipsDistributionsThatWereNotMeasured() throws IOException {
        // max_tokens 1: a first token and no gaps between tokens.
        var noItl = new RunReport(metadata("latency", true), null, latency(ms(8, 4.0, 4.2, 4.3, 4.6, 5.0), null));
        assertEquals(2, OverviewChart.panels(noItl).size());
        render(new OverviewChart(), noItl);
        var neither = new RunReport(metadata("latency", true), null, latency(null, null));
        assertEquals(1, OverviewChart.panels(neither).size());
        assertSize(800, OverviewChart.HEADER_HEIGHT + 500, render(new OverviewChart(), neither));
    }

    @Test
    void overviewRendersASweepWithAFailedPoint() throws IOException {
        var report = new RunReport(metadata("throughput", true), sweepWithFailure(), latency());
        assertSize(1600, OverviewChart.HEADER_HEIGHT + 1000, render(new OverviewChart(), report));
    }

    @Test
    void overviewAppliesWhenThereIsSomethingToChart() {
        var chart = new OverviewChart();
        assertTrue(chart.appliesTo(throughputReport()));
        assertTrue(chart.appliesTo(latencyReport()));
        assertTrue(chart.appliesTo(bothReport()));
        assertFalse(chart.appliesTo(new RunReport(null, null, null)));
        var allFailed = new ThroughputResult(List.of(ThroughputPoint.failed(8, "oom")));
        assertFalse(chart.appliesTo(new RunReport(null, allFailed, null)));
    }

    @Test
    void manyBatchSizesRender() throws IOException {
        var report = new RunReport(metadata("throughput", true), ChartFixtures.wideSweep(), null);
        assertSize(1000, 600, render(new ThroughputChart(), report));
        assertSize(1600, OverviewChart.HEADER_HEIGHT + 500, render(new OverviewChart(), report));
    }

    @Test
    void allZeroLatencyRenders() throws IOException {
        var report = new RunReport(null, null, ChartFixtures.zeroLatency());
        assertSize(1000, 600, render(new LatencyChart(), report));
        assertSize(800, OverviewChart.HEADER_HEIGHT + 500, render(new OverviewChart(), report));
    }

    @Test
    void numbersAreFormattedForReading() {
        assertEquals("12,048", ChartStyle.formatWhole(12047.6));
        assertEquals("251", ChartStyle.formatWhole(251.4));
        assertEquals("1,234", ChartStyle.formatMs(1234.4));
        assertEquals("214.9", ChartStyle.formatMs(214.94));
        assertEquals("4.02", ChartStyle.formatMs(4.02));
        assertEquals("0.153", ChartStyle.formatMs(0.1534));
    }

    @Test
    void sweepIsChartedBySmallestBatchSizeFirst() {
        var shuffled = new ThroughputResult(List.of(ChartFixtures.ok(16, 3700), ChartFixtures.ok(1, 250), ChartFixtures.ok(8, 1900)));
        assertEquals(
                "1,8,16",
                ThroughputChart.byBatchSize(shuffled).stream()
                        .map(p -> Integer.toString(p.batchSize()))
                        .collect(Collectors.joining(",")));
        assertEquals(5, ThroughputChart.byBatchSize(sweep()).size());
    }
}
