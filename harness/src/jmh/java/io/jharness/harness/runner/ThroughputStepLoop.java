package io.jharness.harness.runner;

import io.jharness.engine.EngineSession;
import io.jharness.engine.timing.StepTimer;
import io.jharness.harness.metrics.StepStats;

/**
 * Benchmark-only access (it lives in {@code harness/src/jmh}, compiled only in the {@code jmh}
 * profile) to the throughput sweep's package-private step path: {@link StaticBatch} with the
 * {@link StepRecorder} that {@link ThroughputRunner} records every step with. Nothing here is
 * reimplemented; it only hands the pieces to the benchmarks.
 */
public final class ThroughputStepLoop {

    private final StaticBatch batch;
    private final StepRecorder recorder = new StepRecorder();

    public ThroughputStepLoop(EngineSession session, StepTimer timer, int vocabSize) {
        this.batch = new StaticBatch(session, timer, vocabSize);
    }

    /**
     * One static batch of {@code prompts[0, count)}: a prefill and {@code maxTokens - 1} decode
     * steps, each timed and recorded, then every slot released.
     *
     * @return tokens generated
     */
    public long run(int[][] prompts, int count, int maxTokens) {
        return batch.run(prompts, 0, count, maxTokens, recorder);
    }

    public StepStats prefill() {
        return recorder.prefill();
    }

    public StepStats decode() {
        return recorder.decode();
    }
}
