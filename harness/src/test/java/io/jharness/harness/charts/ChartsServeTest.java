package io.jharness.harness.charts;

import static io.jharness.harness.charts.ChartsTest.assertSize;
import static io.jharness.harness.charts.ChartsTest.render;
import static io.jharness.harness.charts.ServeFixtures.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.harness.format.ResultFormat;
import io.jharness.harness.results.RequestRecord;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.ServeSweep;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ChartsServeTest {

    private static final int PANELS_WIDTH = 2 * ChartStyle.PANEL_WIDTH;
    private static final int PANELS_HEIGHT = OverviewChart.HEADER_HEIGHT + ChartStyle.PANEL_HEIGHT;

    private static final ResultFormat LATENCY = new ServeLatencyChart();
    private static final ResultFormat THROUGHPUT = new ServeThroughputChart();
    private static final ResultFormat TIMELINE = new ServeTimelineChart();

    @Test
    void fileNames() {
        assertEquals("serve_latency_vs_throughput.png", LATENCY.fileName());
        assertEquals("serve_throughput_vs_rate.png", THROUGHPUT.fileName());
        assertEquals("serve_timeline.png", TIMELINE.fileName());
    }

    @Test
    void rateSweepRendersBothPanelCharts() throws IOException {
        RunReport report = report(ServeFixtures.rateSweep());
        assertTrue(LATENCY.appliesTo(report));
        assertTrue(THROUGHPUT.appliesTo(report));
        assertSize(PANELS_WIDTH, PANELS_HEIGHT, render(LATENCY, report));
        assertSize(PANELS_WIDTH, PANELS_HEIGHT, render(THROUGHPUT, report));
    }

    @Test
    void concurrencySweepsRender() throws IOException {
        for (ServeSweep sweep : List.of(ServeFixtures.concurrencySweep(), ServeFixtures.unevenConcurrencySweep())) {
            RunReport report = report(sweep);
            assertTrue(THROUGHPUT.appliesTo(report));
            assertSize(PANELS_WIDTH, PANELS_HEIGHT, render(LATENCY, report));
            assertSize(PANELS_WIDTH, PANELS_HEIGHT, render(THROUGHPUT, report));
        }
    }

    @Test
    void concurrencyAxisIsBase2LogOnlyWhenConcurrenciesDouble() {
        XYChart doubling = ServeThroughputChart.panels(ServeFixtures.concurrencySweep()).getFirst();
        assertEquals("concurrency (requests in flight, log scale)", doubling.getXAxisTitle());
        // Concurrency 64 is drawn at log2(64) = 6.
        assertEquals(6.0, doubling.getSeriesMap().get("achieved").getXMax(), 1e-9);
        XYChart uneven = ServeThroughputChart.panels(ServeFixtures.unevenConcurrencySweep()).getFirst();
        assertEquals("concurrency (requests in flight)", uneven.getXAxisTitle());
        assertEquals(24.0, uneven.getSeriesMap().get("achieved").getXMax(), 1e-9);
    }

    @Test
    void findMaxRateRendersWithUnsortedProbesAndTheMaxRate() throws IOException {
        RunReport report = report(ServeFixtures.findMaxRate());
        assertSize(PANELS_WIDTH, PANELS_HEIGHT, render(LATENCY, report));
        assertSize(PANELS_WIDTH, PANELS_HEIGHT, render(THROUGHPUT, report));

        XYChart achieved = ServeThroughputChart.panels(report.serve()).getFirst();
        double[] rates = achieved.getSeriesMap().get("achieved").getXData();
        for (int i = 1; i < rates.length; i++) {
            assertTrue(rates[i - 1] < rates[i], "probes are drawn in rate order");
        }
        XYSeries maxRate = achieved.getSeriesMap().get("max rate meeting the SLO: 42 req/s");
        assertEquals(42.0, maxRate.getXMin(), 1e-9);
        assertEquals(42.0, maxRate.getXMax(), 1e-9);
        // 44, 48 and 64 req/s missed.
        assertEquals(3, achieved.getSeriesMap().get("misses the SLO").getXData().length);

        List<XYChart> latency = ServeLatencyChart.panels(report.serve());
        double[] throughput = latency.getFirst().getSeriesMap().get("TTFT p99").getXData();
        for (int i = 1; i < throughput.length; i++) {
            assertTrue(throughput[i - 1] <= throughput[i], "points are drawn in throughput order");
        }
        assertTrue(latency.getFirst().getSeriesMap().containsKey("SLO: TTFT p99 \u2264 50 ms"));
        assertTrue(latency.getLast().getSeriesMap().containsKey("SLO: TPOT p99 \u2264 6 ms"));
        assertTrue(latency.getLast().getSeriesMap().containsKey("TPOT p99"));
        assertEquals(3, latency.getLast().getSeriesMap().get("misses the SLO").getXData().length);
    }

    @Test
    void findMaxRateWhereNothingMetRenders() throws IOException {
        RunReport report = report(ServeFixtures.findMaxRateNoneMet());
        assertSize(PANELS_WIDTH, PANELS_HEIGHT, render(LATENCY, report));
        assertSize(PANELS_WIDTH, PANELS_HEIGHT, render(THROUGHPUT, report));
        XYChart achieved = ServeThroughputChart.panels(report.serve()).getFirst();
        assertTrue(achieved.getXAxisTitle().contains("no probed rate met the SLO"), achieved.getXAxisTitle());
    }

    @Test
    void aFailedPointIsNamedAndLeftOut() throws IOException {
        RunReport report = report(ServeFixtures.sweepWithFailedPoint());
        assertSize(PANELS_WIDTH, PANELS_HEIGHT, render(LATENCY, report));
        assertSize(PANELS_WIDTH, PANELS_HEIGHT, render(THROUGHPUT, report));
        XYChart ttft = ServeLatencyChart.panels(report.serve()).getFirst();
        assertEquals(3, ttft.getSeriesMap().get("TTFT p50").getXData().length);
        assertTrue(ttft.getXAxisTitle().endsWith("failed, not shown: rate=32"), ttft.getXAxisTitle());
        XYChart achieved = ServeThroughputChart.panels(report.serve()).getFirst();
        assertTrue(achieved.getXAxisTitle().endsWith("failed, not shown: rate=32"), achieved.getXAxisTitle());
    }

    @Test
    void aTracePointHasALatencyChartButNoLoadAxis() throws IOException {
        RunReport report = report(ServeFixtures.trace());
        assertTrue(LATENCY.appliesTo(report));
        assertFalse(THROUGHPUT.appliesTo(report));
        assertSize(PANELS_WIDTH, PANELS_HEIGHT, render(LATENCY, report));
    }

    @Test
    void aPanelWithNothingMeasuredRenders() throws IOException {
        RunReport report = report(ServeFixtures.oneToken());
        assertSize(PANELS_WIDTH, PANELS_HEIGHT, render(LATENCY, report));
        assertSize(PANELS_WIDTH, PANELS_HEIGHT, render(THROUGHPUT, report));
    }

    @Test
    void latencyAxisTurnsLogarithmicBeyondTwoDecades() {
        assertTrue(ServeLatencyChart.logScale(List.of(6.0, 8.0, 2400.0)));
        assertFalse(ServeLatencyChart.logScale(List.of(6.0, 8.0, 433.0)));
        assertFalse(ServeLatencyChart.logScale(List.of(0.0, 8.0, 2400.0)));
        List<XYChart> rate = ServeLatencyChart.panels(ServeFixtures.rateSweep());
        assertTrue(rate.getFirst().getStyler().isYAxisLogarithmic());
        assertEquals("TTFT (ms, log scale)", rate.getFirst().getYAxisTitle());
        assertFalse(rate.getLast().getStyler().isYAxisLogarithmic());
    }

    @Test
    void serveChartsNeedServeData() {
        for (ResultFormat f : List.of(LATENCY, THROUGHPUT, TIMELINE)) {
            assertFalse(f.appliesTo(ChartFixtures.throughputReport()), f.fileName());
            assertFalse(f.appliesTo(ChartFixtures.bothReport()), f.fileName());
            assertFalse(f.appliesTo(new RunReport(null, null, null)), f.fileName());
            assertFalse(f.appliesTo(report(ServeFixtures.allFailed())), f.fileName());
            assertFalse(f.appliesTo(report(new ServeSweep(List.of(), null))), f.fileName());
        }
        assertFalse(TIMELINE.appliesTo(report(ServeFixtures.rateSweep())));
        assertFalse(TIMELINE.appliesTo(report(ServeFixtures.rateSweep(), List.of(), "rate=8")));
    }

    @Test
    void theOldChartsDoNotApplyToAServeRun() {
        RunReport report = report(ServeFixtures.rateSweep(), ServeFixtures.timeline(10, 200), "rate=16");
        assertFalse(new ThroughputChart().appliesTo(report));
        assertFalse(new LatencyChart().appliesTo(report));
        assertFalse(new OverviewChart().appliesTo(report));
    }

    @Test
    void timelineRendersTheFirst150MeasuredRequests() throws IOException {
        List<RequestRecord> requests = ServeFixtures.timeline(10, 200);
        RunReport report = report(ServeFixtures.rateSweep(), requests, "rate=16");
        assertTrue(TIMELINE.appliesTo(report));
        assertSize(ServeTimelineChart.WIDTH, ServeTimelineChart.HEIGHT, render(TIMELINE, report));

        List<RequestRecord> rows = ServeTimelineChart.rows(requests);
        List<RequestRecord> measured = rows.stream().filter(r -> !r.warmup()).toList();
        assertEquals(150, measured.size());
        assertEquals(10, measured.getFirst().id());
        assertEquals(159, measured.getLast().id());
        // Only the warm-up requests still in flight when request 10 arrived: 6 to 9.
        assertEquals(List.of(6, 7, 8, 9), rows.stream().filter(RequestRecord::warmup).map(RequestRecord::id).toList());
        XYChart chart = ServeTimelineChart.chart(requests, "rate=16");
        assertEquals("Request timeline of rate=16 (first 150 of 200 measured requests)", chart.getTitle());
        // Failed (13) and unfinished (158, 159) requests are marked where they were last seen.
        assertEquals(3, chart.getSeriesMap().get(ServeTimelineChart.LOST).getXData().length);
        // One series per kind of bar, not one per request.
        assertTrue(chart.getSeriesMap().size() <= 9, "series: " + chart.getSeriesMap().keySet());
    }

    @Test
    void smallTimelinesRender() throws IOException {
        var small = report(ServeFixtures.trace(), ServeFixtures.timeline(2, 5), "trace");
        assertSize(ServeTimelineChart.WIDTH, ServeTimelineChart.HEIGHT, render(TIMELINE, small));
        XYChart chart = ServeTimelineChart.chart(small.timeline(), "trace");
        assertEquals("Request timeline of trace", chart.getTitle());
        var warmupOnly = report(ServeFixtures.trace(), ServeFixtures.timeline(3, 0), null);
        assertSize(ServeTimelineChart.WIDTH, ServeTimelineChart.HEIGHT, render(TIMELINE, warmupOnly));
        var one = report(null, List.of(ServeFixtures.timeline(0, 1).getFirst()), "rate=1");
        assertSize(ServeTimelineChart.WIDTH, ServeTimelineChart.HEIGHT, render(TIMELINE, one));
    }

    @Test
    void timelineKeepsAtMost30WarmupRequests() {
        // Warm-up requests that never finished are all in flight when the first measured one arrives.
        List<RequestRecord> requests = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            requests.add(new RequestRecord(i, true, "queued", i, null, null, null, 128, 0, null, null));
        }
        requests.add(new RequestRecord(50, false, "done", 60, 61.0, 65.0, 500.0, 128, 128, null, null));
        List<RequestRecord> rows = ServeTimelineChart.rows(requests);
        assertEquals(31, rows.size());
        assertEquals(20, rows.getFirst().id());
    }

    @Test
    void serveChartsAreInChartsAll() {
        List<String> names = Charts.all().stream().map(ResultFormat::fileName).toList();
        assertTrue(names.containsAll(List.of(
                "serve_latency_vs_throughput.png", "serve_throughput_vs_rate.png", "serve_timeline.png")));
    }
}
