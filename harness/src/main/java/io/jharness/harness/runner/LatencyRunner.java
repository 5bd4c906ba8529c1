package io.jharness.harness.runner;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineSession;
import io.jharness.engine.timing.NanoClock;
import io.jharness.engine.timing.StepKind;
import io.jharness.engine.timing.StepTimer;
import io.jharness.harness.config.LatencyConfig;
import io.jharness.harness.metrics.LatencyRecorder;
import io.jharness.harness.metrics.StepStats;
import io.jharness.harness.progress.ProgressListener;
import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.workload.SyntheticPrompts;
import java.util.ArrayList;
import java.util.List;

/**
 * The latency run: {@code numRuns} requests one after the other, each a static batch of
 * {@code batchSize} prompts generating {@code maxTokens} tokens.
 *
 * <p>Per request: TTFT is from its start to the end of its prefill step (when the first tokens
 * are on the host); each later token's ITL is the time since the previous token; E2E is from
 * start to the last token; TPOT is (E2E - TTFT) / (maxTokens - 1). Every sequence of a static
 * batch sees the same times, so each is recorded once per request.
 */
public final class LatencyRunner {

    private final LatencyConfig config;
    private final Engine engine;
    private final ProgressListener progress;
    private JitWarmup jitWarmup;

    public LatencyRunner(LatencyConfig config, Engine engine, ProgressListener progress) {
        this.config = config;
        this.engine = engine;
        this.progress = progress;
        this.jitWarmup = new JitWarmup(config.jitWarmup(), 0);
    }

    public void preflight() {
        Preflight.check(engine.info(), "--batch-size", config.batchSize(), config.promptLen().max(), config.maxTokens());
    }

    private int sequenceLength() {
        return config.promptLen().max() + config.maxTokens();
    }

    /** How a supervised latency run ended. */
    public record Outcome(LatencyResult result, String status, String error) {

        /**
         * @param result the requests that completed (all of them when {@code ok}), or null when none did
         * @param status {@code ok}, {@code failed} (the engine failed, or the run timed out) or
         *               {@code interrupted}
         * @param error  why it did not finish, or null
         */
        public Outcome {}
    }

    /** Runs it on the calling thread, with no deadline; an engine failure is thrown. */
    public LatencyResult run() {
        preflight();
        return measure(StepGuard.NONE).result();
    }

    /**
     * Runs it under {@code control} (the run is one point): on a timeout or a stop the requests
     * completed so far are the result.
     *
     * @param earlier a complete earlier run ({@code --resume}), kept instead of running again; or null
     */
    public Outcome run(SweepControl control, LatencyResult earlier) {
        preflight();
        jitWarmup = new JitWarmup(config.jitWarmup(), control.timeoutNanos());
        if (earlier != null) {
            return new Outcome(earlier, "ok", null);
        }
        if (control.stopBeforePoint()) {
            return new Outcome(null, "interrupted", SweepControl.INTERRUPTED);
        }
        return switch (control.run(this::measure)) {
            case SweepControl.Outcome.Done<Partial> d -> d.value().stoppedBy() == null
                    ? new Outcome(d.value().result(), "ok", null)
                    : stopped(control, d.value().stoppedBy(), d.value().result(), "");
            case SweepControl.Outcome.Failed<Partial> f -> new Outcome(null, "failed", f.error());
            case SweepControl.Outcome.Stopped<Partial> s -> stopped(control, s.reason(), null, "");
            case SweepControl.Outcome.Abandoned<Partial> a ->
                    stopped(control, a.reason(), null, "; " + SweepControl.ENGINE_STUCK);
        };
    }

    private static Outcome stopped(SweepControl control, PointStoppedException.Reason reason, LatencyResult partial,
            String suffix) {
        return reason == PointStoppedException.Reason.TIMEOUT
                ? new Outcome(partial, "failed", control.timeoutMessage() + suffix)
                : new Outcome(partial, "interrupted", SweepControl.INTERRUPTED + suffix);
    }

    /** The requests that completed, and why the run stopped early (null when it did not). */
    private record Partial(LatencyResult result, PointStoppedException.Reason stoppedBy) {}

    /** The run, {@code --repeats} times on fresh sessions (see {@link Repeats}); a stop ends it early. */
    private Partial measure(StepGuard guard) {
        progress.begin("latency", (long) config.numRuns() * config.repeats());
        if (config.repeats() == 1) {
            return measureOnce(guard);
        }
        List<LatencyResult> repeats = new ArrayList<>();
        for (int i = 0; i < config.repeats(); i++) {
            progress.phase("repeat " + (i + 1) + " of " + config.repeats());
            Partial one = measureOnce(guard);
            if (one.stoppedBy() != null) {
                return one; // the repeats so far are not a complete measurement of the point
            }
            repeats.add(one.result());
        }
        return new Partial(Repeats.median(repeats, LatencyResult::medianMs).withRepeats(new LatencyResult.Repeats(
                Repeats.stats(repeats, LatencyResult::medianMs), Repeats.stats(repeats, LatencyResult::p90Ms),
                Repeats.stats(repeats, LatencyResult::p95Ms), Repeats.stats(repeats, LatencyResult::p99Ms))), null);
    }

    private Partial measureOnce(StepGuard guard) {
        int b = config.batchSize();
        int vocab = engine.info().vocabSize();
        int[][] prompts = SyntheticPrompts.generate(config.numRuns() * b, config.promptLen(), vocab, config.seed());
        int[][] warmupPrompts = SyntheticPrompts.generate(b, config.promptLen(), vocab, config.seed() + 1);
        NanoClock clock = engine.clock();

        LatencyRecorder e2e = new LatencyRecorder();
        LatencyRecorder ttft = new LatencyRecorder();
        LatencyRecorder itl = new LatencyRecorder();
        LatencyRecorder tpot = new LatencyRecorder();
        StepStats prefill = new StepStats();
        StepStats decode = new StepStats();
        // [request start, previous token's time, first token's time]: no allocation per step
        long[] times = new long[3];
        StepObserver observer = (kind, count, timer) -> {
            long end = timer.endNanos();
            if (kind == StepKind.PREFILL) {
                prefill.record(timer);
                ttft.record(end - times[0]);
                times[2] = end;
            } else {
                decode.record(timer);
                itl.record(end - times[1]);
            }
            times[1] = end;
        };

        long tokens = 0;
        int completed = 0;
        PointStoppedException.Reason stoppedBy = null;
        if (jitWarmup.pending()) {
            progress.phase("JIT warm-up " + jitWarmup.spec());
            try {
                jitWarmup.runOnce(engine, engine::newStepTimer, b, sequenceLength(), warmupPrompts, config.maxTokens(),
                        guard);
            } catch (PointStoppedException e) {
                return new Partial(null, e.reason());
            }
            progress.phase(config.repeats() == 1 ? "" : "repeat 1 of " + config.repeats());
        }
        try (EngineSession session = engine.open(b, sequenceLength());
                StepTimer timer = engine.newStepTimer()) {
            timer.deferGpuTimes(); // device times arrive a few steps late: no wait for the device per step
            StaticBatch batch = new StaticBatch(session, timer, vocab, guard);
            Warmup.run(batch, warmupPrompts, b, config.maxTokens(), config.warmup(), clock);
            for (int run = 0; run < config.numRuns(); run++) {
                times[0] = clock.nanoTime();
                tokens += batch.run(prompts, run * b, b, config.maxTokens(), observer);
                long requestNanos = times[1] - times[0];
                e2e.record(requestNanos);
                if (config.maxTokens() > 1) {
                    // TPOT = (E2E - TTFT) / (tokens - 1): the mean gap after the first token.
                    tpot.record((times[1] - times[2]) / (config.maxTokens() - 1));
                }
                progress.advance(1);
                completed++;
            }
        } catch (PointStoppedException e) {
            // Stopped between steps: the request in flight has no E2E or TPOT and is not counted;
            // the tokens it did get are real, so its TTFT and ITL stay in their distributions.
            stoppedBy = e.reason();
        }
        if (completed == 0) {
            return new Partial(null, stoppedBy);
        }
        long promptTokens = 0;
        for (int i = 0; i < completed * b; i++) {
            promptTokens += prompts[i].length;
        }
        DistributionSummary request = e2e.summary();
        return new Partial(new LatencyResult(
                request.meanMs(),
                request.p50Ms(),
                request.p95Ms(),
                request.p99Ms(),
                completed,
                request.p90Ms(),
                request.minMs(),
                request.maxMs(),
                request.stddevMs(),
                b,
                config.maxTokens(),
                (double) promptTokens / (completed * b),
                tokens / (e2e.totalNanos() / 1e9),
                ttft.summary(),
                itl.summary(),
                tpot.summary(),
                prefill.summary(),
                decode.summary()), stoppedBy);
    }
}
