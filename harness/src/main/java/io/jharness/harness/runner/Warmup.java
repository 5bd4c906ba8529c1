package io.jharness.harness.runner;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineSession;
import io.jharness.engine.timing.NanoClock;
import io.jharness.engine.timing.StepTimer;
import io.jharness.harness.config.WarmupSpec;
import java.util.function.Supplier;

/** Runs untimed batches before a measurement: module load, allocator growth, kernel selection, the JVM's JIT. */
final class Warmup {

    private Warmup() {}

    /**
     * The run's JIT warm-up: full batches of {@code count} prompts as {@link #run} does, on a
     * session of its own that is closed before the first point opens its own. The JVM compiles a
     * method fully only after thousands of calls, so the harness's and the engine binding's
     * per-step code runs slower for the first thousands of steps of a run; the points after the
     * first never see that. A session of its own leaves the first point's measurement what it
     * would be anywhere else in the sweep (a fresh session, as every point gets).
     */
    static void jit(Engine engine, Supplier<StepTimer> timers, int count, int sequenceLength, int[][] prompts,
            int maxTokens, WarmupSpec spec, StepGuard guard) {
        if (spec.none()) {
            return;
        }
        try (EngineSession session = engine.open(count, sequenceLength);
                StepTimer timer = timers.get()) {
            timer.deferGpuTimes();
            run(new StaticBatch(session, timer, engine.info().vocabSize(), guard), prompts, count, maxTokens, spec,
                    engine.clock());
        }
    }

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
