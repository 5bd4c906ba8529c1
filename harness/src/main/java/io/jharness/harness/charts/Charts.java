package io.jharness.harness.charts;

import io.jharness.harness.format.ResultFormat;
import java.util.List;

/**
 * The chart files a run writes: throughput and latency charts and the overview page, and for an
 * online-load (serve) run its latency-throughput, throughput-load and request timeline charts, and
 * for a run with GPU telemetry its timeline, and for a run with a model the roofline of its decode steps.
 */
public final class Charts {

    private Charts() {}

    /** Every chart format, each writing one PNG when the report has its data. */
    public static List<ResultFormat> all() {
        return List.of(
                new ThroughputChart(), new LatencyChart(), new OverviewChart(),
                new ServeLatencyChart(), new ServeThroughputChart(), new ServeTimelineChart(),
                new TelemetryChart(), new RooflineChart());
    }
}
