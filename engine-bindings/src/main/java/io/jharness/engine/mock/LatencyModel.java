package io.jharness.engine.mock;

import io.jharness.engine.timing.Durations;

/**
 * What a simulated step costs: a fixed cost per step (kernel launches), a cost per sequence in the
 * batch, and in prefill a cost per prompt token; each step's cost is scaled by a random factor of
 * relative standard deviation {@code jitter}.
 *
 * <p>The defaults are shaped like GPT-2 small in eager PyTorch on an H100, which is launch-bound:
 * about 4 ms per decode step at batch 1, growing slowly with the batch.
 *
 * @param stepNanos           fixed cost of every step
 * @param perSequenceNanos    cost of each sequence in a step
 * @param perPromptTokenNanos cost of each prompt token in a prefill step
 * @param jitter              relative standard deviation of the per-step noise, 0 for none
 */
public record LatencyModel(long stepNanos, long perSequenceNanos, long perPromptTokenNanos, double jitter) {

    public static final LatencyModel DEFAULT = new LatencyModel(4_000_000L, 15_000L, 400L, 0.02);

    public LatencyModel {
        if (stepNanos < 0 || perSequenceNanos < 0 || perPromptTokenNanos < 0) {
            throw new IllegalArgumentException("latency model costs must be >= 0");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
    }

    /** Noise-free cost of a prefill of {@code sequences} prompts holding {@code promptTokens} tokens in all. */
    public long prefillNanos(int sequences, long promptTokens) {
        return stepNanos + perSequenceNanos * sequences + perPromptTokenNanos * promptTokens;
    }

    /** Noise-free cost of a decode step over {@code sequences} sequences. */
    public long decodeNanos(int sequences) {
        return stepNanos + perSequenceNanos * sequences;
    }

    /** The model as the options that reproduce it. */
    public String describe() {
        return "step=" + Durations.format(stepNanos)
                + ",per-seq=" + Durations.format(perSequenceNanos)
                + ",per-prompt-token=" + Durations.format(perPromptTokenNanos)
                + ",jitter=" + jitter;
    }
}
