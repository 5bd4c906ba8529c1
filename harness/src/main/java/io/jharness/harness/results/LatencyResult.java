package io.jharness.harness.results;

/**
 * A latency run: {@code numRuns} requests of {@code batchSize} sequences each, one after the
 * other. The top-level figures are the request (end-to-end) latency and keep the shape of the
 * {@code latency.json} files users' scripts already read.
 *
 * @param meanMs              mean request latency
 * @param medianMs            p50 request latency
 * @param p95Ms               p95 request latency
 * @param p99Ms               p99 request latency
 * @param numRuns             requests measured (warm-up excluded)
 * @param p90Ms               p90 request latency
 * @param minMs               fastest request
 * @param maxMs               slowest request
 * @param stddevMs            standard deviation of request latency
 * @param batchSize           sequences per request
 * @param maxTokens           tokens generated per sequence
 * @param avgPromptTokens     mean prompt length
 * @param outputTokensPerSec  generated tokens / time spent in requests
 * @param ttftMs              time to first token: request start to the end of its prefill step
 * @param itlMs               inter-token latency: gaps between consecutive tokens, pooled
 * @param tpotMs              time per output token per request: (E2E - TTFT) / (tokens - 1)
 * @param prefill             prefill step times
 * @param decode              decode step times
 * @param repeats             the spread of the request latency percentiles over the repeats
 *                            ({@code --repeats N}, N > 1), else null. With repeats, median/p90/p95/p99
 *                            are the medians of the repeats' and every other figure is the median
 *                            repeat's (see {@code runner.Repeats})
 */
public record LatencyResult(
        double meanMs,
        double medianMs,
        double p95Ms,
        double p99Ms,
        int numRuns,
        double p90Ms,
        double minMs,
        double maxMs,
        double stddevMs,
        int batchSize,
        int maxTokens,
        double avgPromptTokens,
        double outputTokensPerSec,
        DistributionSummary ttftMs,
        DistributionSummary itlMs,
        DistributionSummary tpotMs,
        StepTimeSummary prefill,
        StepTimeSummary decode,
        Repeats repeats) {

    /** A run measured once. */
    public LatencyResult(double meanMs, double medianMs, double p95Ms, double p99Ms, int numRuns, double p90Ms,
            double minMs, double maxMs, double stddevMs, int batchSize, int maxTokens, double avgPromptTokens,
            double outputTokensPerSec, DistributionSummary ttftMs, DistributionSummary itlMs, DistributionSummary tpotMs,
            StepTimeSummary prefill, StepTimeSummary decode) {
        this(meanMs, medianMs, p95Ms, p99Ms, numRuns, p90Ms, minMs, maxMs, stddevMs, batchSize, maxTokens,
                avgPromptTokens, outputTokensPerSec, ttftMs, itlMs, tpotMs, prefill, decode, null);
    }

    /** This result with the medians of the repeats' request percentiles as headline figures, and their spread. */
    public LatencyResult withRepeats(Repeats r) {
        return new LatencyResult(meanMs, r.p50Ms().median(), r.p95Ms().median(), r.p99Ms().median(), numRuns,
                r.p90Ms().median(), minMs, maxMs, stddevMs, batchSize, maxTokens, avgPromptTokens, outputTokensPerSec,
                ttftMs, itlMs, tpotMs, prefill, decode, r);
    }

    /** The request latency percentiles of every repeat. */
    public record Repeats(RepeatStats p50Ms, RepeatStats p90Ms, RepeatStats p95Ms, RepeatStats p99Ms) {}
}
