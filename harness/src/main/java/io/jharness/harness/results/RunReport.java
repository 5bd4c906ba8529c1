package io.jharness.harness.results;

import java.util.List;

/**
 * What one run produced, for the output formats: its metadata and whichever results it has.
 *
 * @param metadata   run metadata; null when re-plotting files that came without it
 * @param throughput the throughput sweep, or null
 * @param latency    the latency run, or null
 * @param serve      the online-load sweep, or null
 * @param timeline   the requests of one serve point, for the timeline chart, or null
 * @param timelinePoint the label of that point, or null
 * @param telemetry  the GPU telemetry recorded during the run, with its samples, or null
 */
public record RunReport(RunMetadata metadata, ThroughputResult throughput, LatencyResult latency, ServeSweep serve,
        List<RequestRecord> timeline, String timelinePoint, TelemetryReport telemetry) {

    public RunReport(RunMetadata metadata, ThroughputResult throughput, LatencyResult latency) {
        this(metadata, throughput, latency, null, null, null, null);
    }

    public RunReport(RunMetadata metadata, ThroughputResult throughput, LatencyResult latency, ServeSweep serve,
            List<RequestRecord> timeline, String timelinePoint) {
        this(metadata, throughput, latency, serve, timeline, timelinePoint, null);
    }

    /** A short label for chart subtitles: the engine and device, and whether the figures are simulated. */
    public String label() {
        if (metadata == null || metadata.engine() == null) {
            return "engine unknown (no run.json next to the data)";
        }
        var e = metadata.engine();
        String label = "engine " + e.engine() + " on " + e.device();
        if (metadata.simulated()) {
            label += " - SIMULATED (" + e.clock() + " clock)";
        }
        return label;
    }
}
