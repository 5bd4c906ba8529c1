package io.jharness.harness.results;

/**
 * A latency distribution in milliseconds, from an HdrHistogram of nanosecond samples
 * (3 significant digits).
 */
public record DistributionSummary(
        long count,
        double meanMs,
        double minMs,
        double p50Ms,
        double p90Ms,
        double p95Ms,
        double p99Ms,
        double maxMs,
        double stddevMs) {}
