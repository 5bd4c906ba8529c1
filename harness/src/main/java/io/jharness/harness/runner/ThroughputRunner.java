package io.jharness.harness.runner;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineSession;
import io.jharness.engine.timing.NanoClock;
import io.jharness.engine.timing.StepTimer;
import io.jharness.harness.config.ThroughputConfig;
import io.jharness.harness.progress.ProgressListener;
import io.jharness.harness.results.DecodeRows;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import io.jharness.harness.workload.SyntheticPrompts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The static-batching throughput sweep. For each batch size B, on a fresh session: warm up, then
 * run the same prompts in batches of B (the last may be smaller), each to {@code maxTokens}
 * tokens. Throughput is generated tokens over elapsed time. A point that fails or runs past its
 * deadline is recorded with its error and the sweep goes on (see {@link PointSweep}).
 */
public final class ThroughputRunner {

    private final ThroughputConfig config;
    private final Engine engine;
    private final ProgressListener progress;
    private final Supplier<StepTimer> timers;
    private JitWarmup jitWarmup;

    public ThroughputRunner(ThroughputConfig config, Engine engine, ProgressListener progress) {
        this(config, engine, progress, engine::newStepTimer);
    }

    /** A runner whose steps are timed by {@code timers} instead of the engine's own timer. */
    public ThroughputRunner(ThroughputConfig config, Engine engine, ProgressListener progress,
            Supplier<StepTimer> timers) {
        this.config = config;
        this.engine = engine;
        this.progress = progress;
        this.jitWarmup = new JitWarmup(config.jitWarmup(), 0);
        this.timers = timers;
    }

    /** Checks the sweep against the engine's limits. */
    public void preflight() {
        Preflight.check(engine.info(), "--batch-sizes", Collections.max(config.batchSizes()), config.promptLen().max(),
                config.maxTokens());
    }

    /** Runs the sweep on its own engine thread, with no deadline and nothing to resume. */
    public ThroughputResult run() {
        try (SweepControl control = SweepControl.none()) {
            return run(control, null, r -> {});
        }
    }

    /**
     * Runs the sweep under {@code control}: a point that fails or times out is recorded and the
     * sweep goes on; once the run is stopped or the engine is stuck, the points left are recorded
     * as skipped.
     *
     * @param earlier    an earlier run of this sweep ({@code --resume}): its ok points are kept, not
     *                   run again; or null
     * @param checkpoint hears the points so far after every point
     */
    public ThroughputResult run(SweepControl control, ThroughputResult earlier, Consumer<ThroughputResult> checkpoint) {
        preflight();
        jitWarmup = new JitWarmup(config.jitWarmup(), control.timeoutNanos());
        int vocab = engine.info().vocabSize();
        int[][] prompts = SyntheticPrompts.generate(config.numPrompts(), config.promptLen(), vocab, config.seed());
        int[][] warmupPrompts = SyntheticPrompts.generate(
                Collections.max(config.batchSizes()), config.promptLen(), vocab, config.seed() + 1);
        progress.begin("throughput", (long) config.numPrompts() * config.batchSizes().size() * config.repeats());
        Map<String, ThroughputPoint> reusable = new LinkedHashMap<>();
        if (earlier != null) {
            earlier.points().stream().filter(ThroughputPoint::ok)
                    .forEach(p -> reusable.put(Integer.toString(p.batchSize()), p));
        }
        PointSweep<ThroughputPoint> sweep = new PointSweep<>(control, reusable,
                points -> checkpoint.accept(new ThroughputResult(points)));
        for (int batchSize : config.batchSizes()) {
            progress.phase("batch " + batchSize);
            ThroughputPoint p = sweep.point(Integer.toString(batchSize),
                    guard -> measure(batchSize, prompts, warmupPrompts, guard),
                    (status, error) -> ThroughputPoint.unmeasured(batchSize, status, error));
            if (p == reusable.get(Integer.toString(batchSize))) {
                progress.advance((long) prompts.length * config.repeats());
            }
        }
        return new ThroughputResult(sweep.points());
    }

    private int sequenceLength() {
        return config.promptLen().max() + config.maxTokens();
    }

    /** One point: measured {@code --repeats} times, each on a fresh session (see {@link Repeats}). */
    private ThroughputPoint measure(int batchSize, int[][] prompts, int[][] warmupPrompts, StepGuard guard) {
        if (config.repeats() == 1) {
            return measureOnce(batchSize, prompts, warmupPrompts, guard, "batch " + batchSize);
        }
        List<ThroughputPoint> repeats = Repeats.run(config.repeats(), i -> measureOnce(batchSize, prompts, warmupPrompts,
                guard, "batch " + batchSize + " (repeat " + (i + 1) + " of " + config.repeats() + ")"));
        return Repeats.median(repeats, ThroughputPoint::throughputTokensPerSec)
                .withRepeats(Repeats.stats(repeats, ThroughputPoint::throughputTokensPerSec),
                        Repeats.stats(repeats, ThroughputPoint::requestsPerSec).median());
    }

    private ThroughputPoint measureOnce(int batchSize, int[][] prompts, int[][] warmupPrompts, StepGuard guard,
            String phase) {
        NanoClock clock = engine.clock();
        StepRecorder observer = new StepRecorder();
        long tokens = 0;
        long promptTokens = 0;
        int batches = 0;
        long start;
        long end;
        if (jitWarmup.pending()) {
            progress.phase(phase + ": JIT warm-up " + jitWarmup.spec());
            jitWarmup.runOnce(engine, timers, batchSize, sequenceLength(), warmupPrompts, config.maxTokens(), guard);
        }
        progress.phase(phase);
        try (EngineSession session = engine.open(batchSize, sequenceLength());
                StepTimer timer = timers.get()) {
            timer.deferGpuTimes(); // device times arrive a few steps late: no wait for the device per step
            StaticBatch batch = new StaticBatch(session, timer, engine.info().vocabSize(), guard);
            Warmup.run(batch, warmupPrompts, batchSize, config.maxTokens(), config.warmup(), clock);
            observer.watch(session);
            start = clock.nanoTime();
            for (int from = 0; from < prompts.length; from += batchSize) {
                int count = Math.min(batchSize, prompts.length - from);
                tokens += batch.run(prompts, from, count, config.maxTokens(), observer);
                batches++;
                progress.advance(count);
            }
            end = clock.nanoTime();
        }
        for (int[] p : prompts) {
            promptTokens += p.length;
        }
        double elapsedSec = (end - start) / 1e9;
        return new ThroughputPoint(
                tokens / elapsedSec,
                tokens,
                elapsedSec,
                prompts.length,
                (double) tokens / prompts.length,
                batchSize,
                ThroughputPoint.OK,
                null,
                promptTokens,
                batches,
                prompts.length / elapsedSec,
                observer.prefill().summary(),
                observer.decode().summary())
                .withDecodeRows(observer.decodeRows() == null ? null
                        : new DecodeRows(observer.decodeRows(), observer.paddedSteps()));
    }
}
