package io.jharness.harness.results;

/**
 * The aggregate figures of a set of served requests, as vLLM's and SGLang's benchmarks define
 * them, so numbers compare.
 *
 * @param requests          requests counted (completed, warm-up excluded)
 * @param failed            requests that failed
 * @param durationSec       from the first counted request's scheduled arrival to the last one's completion
 * @param requestsPerSec    requests / duration
 * @param outputTokensPerSec generated tokens / duration
 * @param totalTokensPerSec  (prompt + generated tokens) / duration
 * @param inputTokens       prompt tokens of the counted requests
 * @param outputTokens      generated tokens of the counted requests
 * @param ttftMs            time to first token: scheduled arrival to the first token on the host
 * @param tpotMs            time per output token, per request: (E2E - TTFT) / (output tokens - 1)
 * @param itlMs             inter-token latency: gaps between consecutive tokens, pooled over requests
 * @param e2eMs             end-to-end latency: scheduled arrival to the last token
 * @param ttftBreakdown     where TTFT went
 * @param goodput           requests meeting the SLO, or null without {@code --slo}
 */
public record ServeMetrics(
        long requests,
        long failed,
        double durationSec,
        double requestsPerSec,
        double outputTokensPerSec,
        double totalTokensPerSec,
        long inputTokens,
        long outputTokens,
        DistributionSummary ttftMs,
        DistributionSummary tpotMs,
        DistributionSummary itlMs,
        DistributionSummary e2eMs,
        TtftBreakdown ttftBreakdown,
        Goodput goodput) {

    /**
     * TTFT split into its parts, each a distribution over requests.
     *
     * @param queueMs      scheduled arrival to admission (the start of its prefill step)
     * @param prefillMs    its prefill step's wall time
     * @param prefillGpuMs its prefill step's device time; null without a GPU timer
     * @param otherMs      TTFT - queue - prefill device time (or wall time without a GPU timer):
     *                     host work of the prefill step
     */
    public record TtftBreakdown(
            DistributionSummary queueMs, DistributionSummary prefillMs, DistributionSummary prefillGpuMs,
            DistributionSummary otherMs) {}

    /**
     * Requests that met every bound of the SLO.
     *
     * @param slo            the bounds, as given ({@code ttft=200ms,tpot=50ms})
     * @param requestsPerSec requests meeting it / duration
     * @param fraction       requests meeting it / requests
     */
    public record Goodput(String slo, double requestsPerSec, double fraction) {}
}
