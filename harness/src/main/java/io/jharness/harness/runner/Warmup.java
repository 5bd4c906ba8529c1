package io.jharness.harness.runner;

import io.jharness.engine.timing.NanoClock;
import io.jharness.harness.config.WarmupSpec;

/** Runs untimed batches before a measurement: module load, allocator growth, kernel selection, the JVM's JIT. */
final class Warmup {

    private Warmup() {}

    /**
     * Runs full batches of {@code count} prompts until {@code spec}'s steps have run or its time
     * has passed on the engine's clock, whichever comes first. A batch of {@code n} tokens is
     * {@code n} steps.
     *
     * @return steps run
     */
    static long run(StaticBatch batch, int[][] prompts, int count, int maxTokens, WarmupSpec spec, NanoClock clock) {
        long steps = 0;
        long start = clock.nanoTime();
        while (!spec.reached(steps, clock.nanoTime() - start)) {
            int tokens = spec.steps() > 0 ? (int) Math.min(maxTokens, spec.steps() - steps) : maxTokens;
            long before = clock.nanoTime();
            batch.run(prompts, 0, count, tokens, StepObserver.NONE);
            steps += tokens;
            if (spec.steps() == 0 && clock.nanoTime() == before) {
                break; // an engine whose steps take no time can never fill a timed warm-up
            }
        }
        return steps;
    }
}
