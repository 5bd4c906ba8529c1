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

    public LatencyRunner(LatencyConfig config, Engine engine, ProgressListener progress) {
        this.config = config;
        this.engine = engine;
        this.progress = progress;
    }

    public void preflight() {
        Preflight.check(engine.info(), "--batch-size", config.batchSize(), config.promptLen().max(), config.maxTokens());
    }

    private int sequenceLength() {
        return config.promptLen().max() + config.maxTokens();
    }

    public LatencyResult run() {
        preflight();
        int b = config.batchSize();
        int vocab = engine.info().vocabSize();
        int[][] prompts = SyntheticPrompts.generate(config.numRuns() * b, config.promptLen(), vocab, config.seed());
        int[][] warmupPrompts = SyntheticPrompts.generate(b, config.promptLen(), vocab, config.seed() + 1);
        progress.begin("latency", (long) config.numRuns() * config.repeats());
        if (config.repeats() == 1) {
            return measure(prompts, warmupPrompts);
        }
        // Each repeat is the whole run on a fresh session; see Repeats for how they are reported.
        List<LatencyResult> repeats = Repeats.run(config.repeats(), i -> {
            progress.phase("repeat " + (i + 1) + " of " + config.repeats());
            return measure(prompts, warmupPrompts);
        });
        return Repeats.median(repeats, LatencyResult::medianMs).withRepeats(new LatencyResult.Repeats(
                Repeats.stats(repeats, LatencyResult::medianMs), Repeats.stats(repeats, LatencyResult::p90Ms),
                Repeats.stats(repeats, LatencyResult::p95Ms), Repeats.stats(repeats, LatencyResult::p99Ms)));
    }

    private LatencyResult measure(int[][] prompts, int[][] warmupPrompts) {
        int b = config.batchSize();
        int vocab = engine.info().vocabSize();
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
                prefill.record(timer.wallNanos(), timer.gpuNanos());
                ttft.record(end - times[0]);
                times[2] = end;
            } else {
                decode.record(timer.wallNanos(), timer.gpuNanos());
                itl.record(end - times[1]);
            }
            times[1] = end;
        };

        long tokens = 0;
        try (EngineSession session = engine.open(b, sequenceLength());
                StepTimer timer = engine.newStepTimer()) {
            StaticBatch batch = new StaticBatch(session, timer, vocab);
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
            }
        }
        long promptTokens = 0;
        for (int[] p : prompts) {
            promptTokens += p.length;
        }
        DistributionSummary request = e2e.summary();
        return new LatencyResult(
                request.meanMs(),
                request.p50Ms(),
                request.p95Ms(),
                request.p99Ms(),
                config.numRuns(),
                request.p90Ms(),
                request.minMs(),
                request.maxMs(),
                request.stddevMs(),
                b,
                config.maxTokens(),
                (double) promptTokens / prompts.length,
                tokens / (e2e.totalNanos() / 1e9),
                ttft.summary(),
                itl.summary(),
                tpot.summary(),
                prefill.summary(),
                decode.summary());
    }
}
