package io.jharness.harness.runner;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineSession;
import io.jharness.engine.timing.StepTimer;
import io.jharness.harness.config.WarmupSpec;
import java.util.function.Supplier;

/**
 * A run's JIT warm-up, run once before its first point is measured. The JVM compiles a method
 * fully only after thousands of calls, so the harness's and the engine binding's per-step code
 * runs slower for the first thousands of steps of a run; the points after the first never see
 * that. It runs full batches (as {@link Warmup#run} does) on a session of its own, closed before
 * the point opens its own, so the first point measures what it would anywhere else in the sweep
 * (a fresh session, as every point gets).
 */
final class JitWarmup {

    private final WarmupSpec spec;
    private boolean done;

    /** {@code spec}, ending at half of {@code pointTimeoutNanos} (0: no limit) at the latest: the point keeps the rest. */
    JitWarmup(WarmupSpec spec, long pointTimeoutNanos) {
        this.spec = spec.atMost(pointTimeoutNanos / 2);
    }

    /** What it runs, as run.json and the progress bar name it. */
    WarmupSpec spec() {
        return spec;
    }

    /** Whether it still has to run. */
    boolean pending() {
        return !done && !spec.none();
    }

    /**
     * Runs it at batch size {@code count}, unless it ran already. When it fails, it stays pending:
     * the next point warms the JVM instead.
     */
    void runOnce(Engine engine, Supplier<StepTimer> timers, int count, int sequenceLength, int[][] prompts,
            int maxTokens, StepGuard guard) {
        if (!pending()) {
            return;
        }
        try (EngineSession session = engine.open(count, sequenceLength);
                StepTimer timer = timers.get()) {
            timer.deferGpuTimes();
            Warmup.run(new StaticBatch(session, timer, engine.info().vocabSize(), guard), prompts, count, maxTokens,
                    spec, engine.clock());
        }
        done = true;
    }
}
