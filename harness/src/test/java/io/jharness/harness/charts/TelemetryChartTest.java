package io.jharness.harness.charts;

import static io.jharness.harness.charts.ChartsTest.assertSize;
import static io.jharness.harness.charts.ChartsTest.render;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.harness.cli.HarnessCli;
import io.jharness.harness.format.Json;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.TelemetryReport;
import io.jharness.harness.results.TelemetryReport.Sample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class TelemetryChartTest {

    private static final int FOUR_PANELS = TelemetryChart.HEADER_HEIGHT + 3 * TelemetryChart.PANEL_HEIGHT
            + TelemetryChart.LAST_PANEL_HEIGHT;

    @TempDir
    Path tmp;

    @Test
    void rendersFourPanelsUnderTheHeader() throws IOException {
        RunReport report = TelemetryFixtures.report(TelemetryFixtures.h100());
        TelemetryChart chart = new TelemetryChart();
        assertEquals("gpu_telemetry.png", chart.fileName());
        assertTrue(chart.appliesTo(report));
        assertSize(TelemetryChart.WIDTH, FOUR_PANELS, render(chart, report));
    }

    @Test
    void everyPanelsTimeAxisRunsOverTheSamePixels() {
        TelemetryReport t = TelemetryFixtures.h100();
        TelemetryChart.TimeAxis axis = TelemetryChart.TimeAxis.of(t);
        assertEquals(0.0, axis.min());
        assertEquals(29.95, axis.max(), 1e-9);
        assertEquals("time since the start of the run (s)", axis.title());
        List<TelemetryChart.Placed> placed = TelemetryChart.align(TelemetryChart.panels(t), axis.min(), axis.max());
        assertEquals(4, placed.size());
        XYChart first = placed.getFirst().chart();
        double left = placed.getFirst().x() + first.getScreenXFromChart(axis.min());
        double right = placed.getFirst().x() + first.getScreenXFromChart(axis.max());
        assertTrue(right - left > TelemetryChart.WIDTH * 0.75, () -> "the plots are narrow: " + left + ".." + right);
        for (TelemetryChart.Placed p : placed) {
            assertEquals(left, p.x() + p.chart().getScreenXFromChart(axis.min()), 1.0, "start of the time axis");
            assertEquals(right, p.x() + p.chart().getScreenXFromChart(axis.max()), 1.0, "end of the time axis");
            assertTrue(p.x() >= 0 && p.x() + p.chart().getWidth() <= TelemetryChart.WIDTH, "panel within the image");
        }
    }

    @Test
    void aLongRunIsChartedInMinutesFromTheLowestAndHighestReadingOfEachStretch() throws IOException {
        TelemetryReport t = TelemetryFixtures.long100k();
        TelemetryChart.TimeAxis axis = TelemetryChart.TimeAxis.of(t);
        assertEquals("time since the start of the run (min)", axis.title());
        assertEquals(100_000 * 0.1 / 60, axis.max(), 0.01);

        double[] power = t.samples().stream().mapToDouble(Sample::powerWatts).toArray();
        TelemetryChart.XY envelope = TelemetryChart.envelope(axis, power);
        assertTrue(envelope.x().length <= 2 * TelemetryChart.BUCKETS + 1, "points: " + envelope.x().length);
        assertEquals(java.util.Arrays.stream(power).max().orElseThrow(),
                java.util.Arrays.stream(envelope.y()).max().orElseThrow(), "keeps the highest reading");
        assertEquals(java.util.Arrays.stream(power).min().orElseThrow(),
                java.util.Arrays.stream(envelope.y()).min().orElseThrow(), "keeps the lowest reading");
        for (int i = 1; i < envelope.x().length; i++) {
            assertTrue(envelope.x()[i] >= envelope.x()[i - 1], "in time order");
        }

        XYChart clocks = TelemetryChart.panels(t).getFirst().draw(TelemetryChart.WIDTH, false);
        var throttled = clocks.getSeriesMap().get("throttled (sw_power_cap, hw_thermal_slowdown)");
        assertNotNull(throttled, () -> "series: " + clocks.getSeriesMap().keySet());
        assertTrue(throttled.getXData().length <= TelemetryChart.BUCKETS);

        RunReport report = TelemetryFixtures.report(t);
        assertSize(TelemetryChart.WIDTH, FOUR_PANELS, render(new TelemetryChart(), report));
    }

    @Test
    void throttledReadingsOtherThanIdleAreMarkedOnTheClockPanel() {
        TelemetryReport t = TelemetryFixtures.h100();
        XYChart clocks = TelemetryChart.panels(t).getFirst().draw(TelemetryChart.WIDTH, false);
        var throttled = clocks.getSeriesMap().get("throttled (sw_power_cap)");
        assertNotNull(throttled, () -> "series: " + clocks.getSeriesMap().keySet());
        assertEquals(60, throttled.getXData().length, "15 s to 21 s at 100 ms");
        for (double y : throttled.getYData()) {
            assertTrue(y < 1700, "marked on the throttled SM clock: " + y);
        }

        TelemetryReport idleOnly = withThrottle(t, TelemetryFixtures.GPU_IDLE);
        XYChart calm = TelemetryChart.panels(idleOnly).getFirst().draw(TelemetryChart.WIDTH, false);
        assertTrue(calm.getSeriesMap().keySet().stream().noneMatch(n -> n.startsWith("throttled")),
                () -> "gpu_idle alone is no throttle: " + calm.getSeriesMap().keySet());
    }

    @Test
    void headerHasTheSummary() {
        List<String> lines = TelemetryChart.headerLines(TelemetryFixtures.h100());
        assertEquals(List.of(
                "NVIDIA H100 80GB HBM3, driver 570.133.20 · a reading every 100 ms, 300 in all",
                "peak memory 70.0 GiB of 79.6 GiB · SM clock 345–1,980 MHz · max power 700 W · max temperature 71 °C",
                "throttle reasons seen: gpu_idle, sw_power_cap"), lines);
        List<String> unsupported = TelemetryChart.headerLines(TelemetryFixtures.unsupported());
        assertEquals("peak memory 1,090 MiB of 1,536 MiB · SM clock 1,200–1,249 MHz", unsupported.get(1));
        assertEquals("throttle reasons seen: none", unsupported.get(2));
    }

    @Test
    void metricsTheDeviceDoesNotReadAreLeftOut() throws IOException {
        TelemetryReport t = TelemetryFixtures.unsupported();
        List<TelemetryChart.Panel> panels = TelemetryChart.panels(t);
        assertEquals(2, panels.size(), "clocks and memory; no power, temperature or utilisation");
        RunReport report = TelemetryFixtures.report(t);
        assertSize(TelemetryChart.WIDTH,
                TelemetryChart.HEADER_HEIGHT + TelemetryChart.PANEL_HEIGHT + TelemetryChart.LAST_PANEL_HEIGHT,
                render(new TelemetryChart(), report));
    }

    @Test
    void doesNotApplyWithoutATimeline() {
        TelemetryChart chart = new TelemetryChart();
        TelemetryReport t = TelemetryFixtures.h100();
        assertFalse(chart.appliesTo(new RunReport(null, null, null)));
        assertFalse(chart.appliesTo(ChartFixtures.throughputReport()));
        assertFalse(chart.appliesTo(TelemetryFixtures.report(t.summary())), "the summary has no samples");
        assertFalse(chart.appliesTo(TelemetryFixtures.report(withSamples(t, t.samples().subList(0, 1)))));
        assertFalse(chart.appliesTo(TelemetryFixtures.report(withSamples(t, List.of()))));
        assertTrue(chart.appliesTo(TelemetryFixtures.report(withSamples(t, t.samples().subList(0, 2)))));
        assertTrue(Charts.all().stream().anyMatch(f -> f instanceof TelemetryChart));
    }

    @Test
    void twoReadingsAtOneInstantStillRender() throws IOException {
        Sample s = TelemetryFixtures.h100().samples().get(100);
        RunReport report = TelemetryFixtures.report(withSamples(TelemetryFixtures.h100(), List.of(s, s)));
        assertSize(TelemetryChart.WIDTH, FOUR_PANELS, render(new TelemetryChart(), report));
    }

    @Test
    void telemetryReportRoundTripsThroughJson() throws IOException {
        TelemetryReport t = TelemetryFixtures.h100();
        String json = Json.mapper().writeValueAsString(t);
        assertEquals(t, Json.mapper().readValue(json, TelemetryReport.class));
        assertTrue(json.contains("\"sm_clock_mhz\" : 1980"), json.substring(0, 400));

        TelemetryReport unsupported = TelemetryFixtures.unsupported();
        TelemetryReport back = Json.mapper().readValue(Json.mapper().writeValueAsString(unsupported),
                TelemetryReport.class);
        assertEquals(unsupported, back);
        assertTrue(Double.isNaN(back.samples().getFirst().powerWatts()), "NaN power survives");

        TelemetryReport summary = Json.mapper().readValue(Json.mapper().writeValueAsString(t.summary()),
                TelemetryReport.class);
        assertEquals(t.summary(), summary);
        assertEquals(null, summary.samples());
    }

    @Test
    void plotRendersTheTelemetryChartFromTheTelemetryJsonBesideTheData() throws IOException {
        Path run = tmp.resolve("run");
        Result r = harness("throughput", "--engine", "mock", "--mock-clock", "virtual", "-q",
                "--batch-sizes", "1", "4", "--num-prompts", "10", "--max-tokens", "5", "--output-dir", run.toString());
        assertEquals(0, r.exit(), r.toString());
        assertFalse(Files.exists(run.resolve("gpu_telemetry.png")), "a mock run records no telemetry");
        assertTrue(Files.isRegularFile(run.resolve("run.json")), r.toString());
        Json.mapper().writeValue(run.resolve(TelemetryReport.FILE).toFile(), TelemetryFixtures.h100());

        Result plot = harness("plot", "--throughput-data", run.resolve("throughput.json").toString());
        assertEquals(0, plot.exit(), plot.toString());
        Path png = run.resolve("gpu_telemetry.png");
        assertTrue(plot.out().lines().anyMatch(l -> Path.of(l).equals(png)), plot.toString());
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a readable PNG");
        assertSize(TelemetryChart.WIDTH, FOUR_PANELS, image);
        assertTrue(Files.isRegularFile(run.resolve("throughput_chart.png")), "the other charts too");
    }

    @Test
    void plotSaysWhenTheTelemetryJsonIsUnreadable() throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(0, harness("throughput", "--engine", "mock", "--mock-clock", "virtual", "-q",
                "--batch-sizes", "1", "--num-prompts", "4", "--max-tokens", "3", "--output-dir", run.toString()).exit());
        Files.writeString(run.resolve(TelemetryReport.FILE), "{\"device\": ");
        Result plot = harness("plot", "--throughput-data", run.resolve("throughput.json").toString());
        assertTrue(plot.exit() != 0, plot.toString());
        assertTrue(plot.err().contains("telemetry.json"), plot.toString());
    }

    private record Result(int exit, String out, String err) {}

    private static Result harness(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            exit = HarnessCli.execute(args, o, e);
        }
        return new Result(exit, out.toString(), err.toString());
    }

    private static TelemetryReport withSamples(TelemetryReport t, List<Sample> samples) {
        return new TelemetryReport(t.device(), t.driver(), t.intervalMs(), samples.size(), t.peakMemUsedMib(),
                t.memTotalMib(), t.minSmClockMhz(), t.maxSmClockMhz(), t.maxPowerWatts(), t.maxTemperatureC(),
                t.throttleReasons(), samples);
    }

    private static TelemetryReport withThrottle(TelemetryReport t, long mask) {
        return withSamples(t, t.samples().stream()
                .map(s -> new Sample(s.timeMs(), s.memUsedMib(), s.gpuUtilPercent(), s.memUtilPercent(),
                        s.smClockMhz(), s.memClockMhz(), s.powerWatts(), s.temperatureC(), mask))
                .toList());
    }
}
