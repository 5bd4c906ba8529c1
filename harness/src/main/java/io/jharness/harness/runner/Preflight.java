package io.jharness.harness.runner;

import io.jharness.engine.EngineInfo;
import io.jharness.harness.config.UsageException;

/** Checks a workload against the engine's limits before anything runs. */
public final class Preflight {

    private Preflight() {}

    /**
     * @param option       the option that set the batch size, for the message
     * @param batchSize    the largest batch the workload runs
     * @param maxPromptLen the longest prompt it makes
     * @param maxTokens    tokens generated per sequence
     * @throws UsageException naming the value and the engine's limit
     */
    public static void check(EngineInfo info, String option, int batchSize, int maxPromptLen, int maxTokens) {
        long seqLen = (long) maxPromptLen + maxTokens;
        if (batchSize > info.maxBatchSize()) {
            throw new UsageException(option + " " + batchSize + " is beyond what the '" + info.engine()
                    + "' engine allows (at most " + info.maxBatchSize() + ")");
        }
        if (seqLen > info.maxSeqLen()) {
            throw new UsageException("prompts of up to " + maxPromptLen + " tokens plus --max-tokens " + maxTokens
                    + " need sequences of " + seqLen + " tokens; the '" + info.engine() + "' engine allows at most "
                    + info.maxSeqLen());
        }
    }
}
