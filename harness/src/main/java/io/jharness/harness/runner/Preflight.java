package io.jharness.harness.runner;

import io.jharness.engine.EngineInfo;
import io.jharness.harness.config.UsageException;

/** Checks a workload against the engine's limits before anything runs. */
public final class Preflight {

    private Preflight() {}

    /**
     * @param option     the option that set the batch size, for the message
     * @param batchSize  the largest batch the workload runs
     * @param seqLen     the longest sequence it makes (prompt plus generated tokens)
     * @throws UsageException naming the value and the engine's limit
     */
    public static void check(EngineInfo info, String option, int batchSize, long seqLen) {
        if (batchSize > info.maxBatchSize()) {
            throw new UsageException(option + " " + batchSize + " is beyond what the '" + info.engine()
                    + "' engine allows (at most " + info.maxBatchSize() + ")");
        }
        if (seqLen > info.maxSeqLen()) {
            throw new UsageException("prompts of up to " + (seqLen - 1) + " tokens plus --max-tokens need sequences of "
                    + seqLen + " tokens; the '" + info.engine() + "' engine allows at most " + info.maxSeqLen());
        }
    }
}
