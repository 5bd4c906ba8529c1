package io.jharness.harness.results;

/**
 * What one run produced, for the output formats: its metadata and whichever results it has.
 *
 * @param metadata   run metadata; null when re-plotting files that came without it
 * @param throughput the throughput sweep, or null
 * @param latency    the latency run, or null
 */
public record RunReport(RunMetadata metadata, ThroughputResult throughput, LatencyResult latency) {

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
