package io.jharness.harness.results;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The result of one batch size in a static-batching throughput sweep. The first five figures keep
 * the shape of the {@code throughput.json} files users' scripts already read; the rest is what
 * else was measured. A failed point carries only its batch size, status and error.
 *
 * @param throughputTokensPerSec generated tokens / elapsed
 * @param totalTokens            tokens generated (every sequence's, first token included)
 * @param elapsedSec             from the first prefill's start to the last step's end, warm-up excluded
 * @param numPrompts             prompts run
 * @param avgTokensPerPrompt     generated tokens per prompt
 * @param batchSize              sequences per static batch
 * @param status                 {@code ok}, {@code failed} (the engine failed, or the point timed out)
 *                               or {@code skipped} (the run was stopped, or the engine was stuck)
 * @param error                  why the point failed or was skipped, else null
 * @param promptTokens           prompt tokens processed
 * @param numBatches             batches run (the last may be partial)
 * @param requestsPerSec         prompts completed / elapsed
 * @param prefill                prefill step times
 * @param decode                 decode step times
 * @param roofline               bytes and FLOPs per decode step against the bandwidth ceilings; null
 *                               without a model shape (no {@code --model}, or the mock engine)
 * @param repeats                the spread of tokens/s over the repeats ({@code --repeats N}, N > 1),
 *                               else null. With repeats, tokens/s and requests/s are their medians and
 *                               every other figure is the median repeat's (see {@code runner.Repeats})
 * @param decodeRows             the rows the engine ran each decode step with, when it reports them
 *                               (padding to a captured CUDA graph's batch size shows here); else null
 */
public record ThroughputPoint(
        Double throughputTokensPerSec,
        Long totalTokens,
        Double elapsedSec,
        Integer numPrompts,
        Double avgTokensPerPrompt,
        int batchSize,
        String status,
        String error,
        Long promptTokens,
        Integer numBatches,
        Double requestsPerSec,
        StepTimeSummary prefill,
        StepTimeSummary decode,
        PointRoofline roofline,
        RepeatStats repeats,
        DecodeRows decodeRows) {

    public static final String OK = "ok";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    /** A point measured once, without a roofline (it is added afterwards, from the model's shape). */
    public ThroughputPoint(Double throughputTokensPerSec, Long totalTokens, Double elapsedSec, Integer numPrompts,
            Double avgTokensPerPrompt, int batchSize, String status, String error, Long promptTokens,
            Integer numBatches, Double requestsPerSec, StepTimeSummary prefill, StepTimeSummary decode) {
        this(throughputTokensPerSec, totalTokens, elapsedSec, numPrompts, avgTokensPerPrompt, batchSize, status, error,
                promptTokens, numBatches, requestsPerSec, prefill, decode, null, null, null);
    }

    /** This point with the medians of its repeats as headline figures, and their spread. */
    public ThroughputPoint withRepeats(RepeatStats tokensPerSec, double medianRequestsPerSec) {
        return new ThroughputPoint(tokensPerSec.median(), totalTokens, elapsedSec, numPrompts, avgTokensPerPrompt,
                batchSize, status, error, promptTokens, numBatches, medianRequestsPerSec, prefill, decode, roofline,
                tokensPerSec, decodeRows);
    }

    /** This point with {@code roofline} set. */
    public ThroughputPoint withRoofline(PointRoofline roofline) {
        return new ThroughputPoint(throughputTokensPerSec, totalTokens, elapsedSec, numPrompts, avgTokensPerPrompt,
                batchSize, status, error, promptTokens, numBatches, requestsPerSec, prefill, decode, roofline, repeats,
                decodeRows);
    }

    /** This point with {@code rows} set. */
    public ThroughputPoint withDecodeRows(DecodeRows rows) {
        return new ThroughputPoint(throughputTokensPerSec, totalTokens, elapsedSec, numPrompts, avgTokensPerPrompt,
                batchSize, status, error, promptTokens, numBatches, requestsPerSec, prefill, decode, roofline, repeats,
                rows);
    }

    public static ThroughputPoint failed(int batchSize, String error) {
        return unmeasured(batchSize, FAILED, error);
    }

    /** A point without figures: {@code failed} or {@code skipped}, and why. */
    public static ThroughputPoint unmeasured(int batchSize, String status, String error) {
        return new ThroughputPoint(null, null, null, null, null, batchSize, status, error,
                null, null, null, null, null);
    }

    @JsonIgnore
    public boolean ok() {
        return OK.equals(status);
    }
}
