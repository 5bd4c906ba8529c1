package io.jharness.harness.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineSpec;
import io.jharness.engine.mock.LatencyModel;
import io.jharness.engine.mock.MockEngine;
import io.jharness.engine.mock.MockEngineProvider;
import io.jharness.harness.config.EngineSelection;
import io.jharness.harness.config.ThroughputConfig;
import io.jharness.harness.config.UsageException;
import io.jharness.harness.config.WarmupSpec;
import io.jharness.harness.progress.ProgressListener;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import io.jharness.harness.workload.LengthDistribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThroughputRunnerTest {

    private static MockEngine mock(Map<String, String> options) {
        return (MockEngine) new MockEngineProvider().create(new EngineSpec(null, null, null, 1, options));
    }

    private static ThroughputConfig config(List<Integer> batches, int prompts, int tokens, WarmupSpec warmup) {
        return new ThroughputConfig(EngineSelection.auto(), batches, prompts, tokens,
                new LengthDistribution.Fixed(16), warmup, 9);
    }

    @Test
    void deviceTimesDeliveredStepsLateArePairedWithTheirOwnSteps() {
        try (MockEngine engine = mock(Map.of("jitter", "0"))) {
            LatencyModel m = engine.options().latency();
            DeferringTimer[] made = new DeferringTimer[1];
            ThroughputResult r = new ThroughputRunner(config(List.of(4), 10, 6, new WarmupSpec(15, 0)), engine,
                    ProgressListener.NONE, () -> made[0] = new DeferringTimer(engine.clock())).run();
            ThroughputPoint p = r.points().get(0);
            // Every measured step's device time arrived (the last ones at close), none of warm-up's.
            assertEquals(3 + 15, made[0].delivered);
            assertEquals(15, p.decode().gpuMs().count());
            assertEquals(3, p.prefill().gpuMs().count());
            // Paired with its own step: on the virtual clock a decode of 4 always takes decodeNanos(4).
            double decodeMs = m.decodeNanos(4) / 1e6;
            assertEquals(DeferringTimer.gpuOf(m.decodeNanos(4)) / 1e6, p.decode().gpuMs().maxMs(), decodeMs * 0.002);
            assertEquals((m.decodeNanos(4) - DeferringTimer.gpuOf(m.decodeNanos(4))) / 1e6,
                    p.decode().hostOverheadMs().maxMs(), decodeMs * 0.002);
        }
    }

    @Test
    void countsEveryTokenAndTimesExactlyWhatTheModelSpent() {
        try (MockEngine engine = mock(Map.of("jitter", "0"))) {
            LatencyModel m = engine.options().latency();
            ThroughputResult r = new ThroughputRunner(config(List.of(4, 1), 10, 6, new WarmupSpec(15, 0)), engine,
                    ProgressListener.NONE).run();
            ThroughputPoint p = r.points().get(0);
            assertEquals(4, p.batchSize());
            assertEquals(ThroughputPoint.OK, p.status());
            assertEquals(60, p.totalTokens(), "10 prompts x 6 tokens, every sequence counted");
            assertEquals(10, p.numPrompts());
            assertEquals(6.0, p.avgTokensPerPrompt());
            assertEquals(3, p.numBatches(), "4 + 4 + 2");
            assertEquals(160, p.promptTokens());
            // Batches of 4, 4 and 2: one prefill and five decodes each; warm-up excluded.
            long expected = 2 * (m.prefillNanos(4, 64) + 5 * m.decodeNanos(4)) + m.prefillNanos(2, 32) + 5 * m.decodeNanos(2);
            assertEquals(expected / 1e9, p.elapsedSec(), 1e-12);
            assertEquals(60 / (expected / 1e9), p.throughputTokensPerSec(), 1e-9);
            assertEquals(10 / (expected / 1e9), p.requestsPerSec(), 1e-9);
            assertEquals(3, p.prefill().steps());
            assertEquals(15, p.decode().steps());
            assertEquals(m.decodeNanos(4) / 1e6, p.decode().wallMs().maxMs(), m.decodeNanos(4) / 1e6 * 1e-3);
            assertNull(p.decode().gpuMs(), "the host-clock timer measures no device time");

            ThroughputPoint one = r.points().get(1);
            assertEquals(1, one.batchSize());
            assertEquals(10, one.numBatches());
            assertEquals(10 * (m.prefillNanos(1, 16) + 5 * m.decodeNanos(1)) / 1e9, one.elapsedSec(), 1e-12);
        }
    }

    @Test
    void warmupDoesNotChangeTheMeasurement() {
        double[] elapsed = new double[3];
        WarmupSpec[] warmups = {WarmupSpec.NONE, new WarmupSpec(50, 0), new WarmupSpec(0, 100_000_000L)};
        for (int i = 0; i < 3; i++) {
            try (MockEngine engine = mock(Map.of("jitter", "0"))) {
                elapsed[i] = new ThroughputRunner(config(List.of(2), 4, 3, warmups[i]), engine, ProgressListener.NONE)
                        .run().points().get(0).elapsedSec();
            }
        }
        assertEquals(elapsed[0], elapsed[1], 1e-12);
        assertEquals(elapsed[0], elapsed[2], 1e-12);
    }

    @Test
    void theJitWarmupRunsOnceBeforeTheFirstPointsOwnWarmup() {
        List<Integer> steps = new ArrayList<>();
        double[] elapsed = new double[2];
        for (int i = 0; i < 2; i++) {
            WarmupSpec jit = i == 0 ? WarmupSpec.NONE : new WarmupSpec(40, 0);
            try (MockEngine engine = mock(Map.of("jitter", "0"))) {
                ThroughputConfig c = new ThroughputConfig(EngineSelection.auto(), List.of(2, 4), 4, 3,
                        new LengthDistribution.Fixed(16), new WarmupSpec(5, 0), 9, 2, jit);
                if (i == 1) {
                    steps.clear();
                }
                ThroughputResult r = new ThroughputRunner(c, engine, ProgressListener.NONE,
                        () -> new CountingTimer(engine.clock(), steps)).run();
                elapsed[i] = r.points().get(0).elapsedSec();
            }
        }
        // Sessions: the JIT warm-up's own (40 steps at the first point's batch size), then batch 2
        // twice (repeats) and batch 4 twice, each with 5 warm-up steps and its batches of 3 tokens
        // (2 at batch 2, 1 at batch 4).
        assertEquals(List.of(40, 5 + 6, 5 + 6, 5 + 3, 5 + 3), steps);
        assertEquals(elapsed[0], elapsed[1], 1e-12, "the JIT warm-up is not measured");
    }

    @Test
    void aWarmupWithStepsAndATimeEndsAtTheFirstReached() {
        List<Integer> steps = new ArrayList<>();
        try (MockEngine engine = mock(Map.of("jitter", "0"))) {
            long decode = engine.options().latency().decodeNanos(1);
            ThroughputConfig c = new ThroughputConfig(EngineSelection.auto(), List.of(1), 1, 4,
                    new LengthDistribution.Fixed(16), WarmupSpec.NONE, 9, 1, new WarmupSpec(1000, 10 * decode));
            new ThroughputRunner(c, engine, ProgressListener.NONE, () -> new CountingTimer(engine.clock(), steps)).run();
        }
        // The time limit ends it: ten decode steps' time, in whole batches of 4 steps (a prefill is longer).
        assertTrue(steps.get(0) - 4 <= 12 && steps.get(0) - 4 >= 8, steps.toString());
    }

    @Test
    void aFailingPointIsRecordedAndTheSweepGoesOn() {
        try (MockEngine engine = mock(Map.of("fail-at-batch", "8"))) {
            ThroughputResult r = new ThroughputRunner(config(List.of(1, 8, 16), 16, 4, WarmupSpec.NONE), engine,
                    ProgressListener.NONE).run();
            assertEquals(List.of("ok", "failed", "ok"), r.points().stream().map(ThroughputPoint::status).toList());
            ThroughputPoint failed = r.points().get(1);
            assertTrue(failed.error().contains("out of memory"), failed.error());
            assertNull(failed.throughputTokensPerSec());
            assertTrue(r.anyFailed());
            assertTrue(!r.allFailed());
        }
    }

    private static final long MS = 1_000_000L;

    @Test
    void aPointThatHangsPastTheTimeoutFailsAndTheSweepGoesOn() {
        List<List<String>> checkpoints = new ArrayList<>();
        try (MockEngine engine = mock(Map.of("hang-at-batch", "8"));
                SweepControl control = new SweepControl(300 * MS, StopSignal.NEVER)) {
            ThroughputResult r = new ThroughputRunner(config(List.of(1, 8, 16), 16, 4, WarmupSpec.NONE), engine,
                    ProgressListener.NONE).run(control, null, partial -> checkpoints.add(statuses(partial)));
            assertEquals(List.of("ok", "failed", "ok"), statuses(r));
            assertEquals("timed out after 0.3 s", r.points().get(1).error());
            assertFalse(control.engineStuck());
            assertEquals(List.of(List.of("ok"), List.of("ok", "failed"), List.of("ok", "failed", "ok")), checkpoints,
                    "the results so far are handed out after every point");
        }
    }

    @Test
    void anEngineThatNeverReturnsSkipsTheRestOfTheSweep() {
        MockEngine mock = mock(Map.of());
        StuckEngine engine = new StuckEngine(mock, 8);
        try (engine; SweepControl control = new SweepControl(200 * MS, StopSignal.NEVER, 50 * MS)) {
            ThroughputResult r = new ThroughputRunner(config(List.of(1, 8, 16, 32), 16, 4, WarmupSpec.NONE), engine,
                    ProgressListener.NONE).run(control, null, partial -> {});
            assertEquals(List.of("ok", "failed", "skipped", "skipped"), statuses(r));
            assertEquals("timed out after 0.2 s; the engine did not return from a step", r.points().get(1).error());
            assertEquals(SweepControl.ENGINE_STUCK, r.points().get(2).error());
            assertTrue(engine.entered);
            assertTrue(control.engineStuck());
            assertFalse(control.interrupted());
        }
    }

    @Test
    void aStopEndsThePointInFlightAndSkipsTheRest() {
        AtomicBoolean stop = new AtomicBoolean();
        try (MockEngine engine = mock(Map.of()); SweepControl control = new SweepControl(0, stop::get)) {
            // batch 1 done, then one batch of 8: stop mid-point
            ProgressListener stopAfterTwoBatches = new StopAfterProgress(16 + 8, stop);
            ThroughputResult r = new ThroughputRunner(config(List.of(1, 8, 16), 16, 4, WarmupSpec.NONE), engine,
                    stopAfterTwoBatches).run(control, null, partial -> {});
            assertEquals(List.of("ok", "skipped", "skipped"), statuses(r));
            assertEquals("the run was interrupted during this point", r.points().get(1).error());
            assertEquals("the run was interrupted", r.points().get(2).error());
            assertTrue(control.interrupted());
        }
    }

    @Test
    void resumeKeepsTheEarlierOkPointsAndRunsTheOthers() {
        ThroughputConfig config = config(List.of(1, 8, 16), 16, 4, WarmupSpec.NONE);
        ThroughputPoint full;
        try (MockEngine engine = mock(Map.of())) {
            full = new ThroughputRunner(config, engine, ProgressListener.NONE).run().points().get(1);
        }
        // An earlier run: batch 1 ok (with a figure no run would produce, to tell it apart),
        // batch 8 skipped, batch 16 missing.
        ThroughputPoint kept = new ThroughputPoint(12345.0, 64L, 1.0, 16, 4.0, 1, "ok", null, 256L, 16, 16.0, null, null);
        ThroughputResult earlier = new ThroughputResult(List.of(kept,
                ThroughputPoint.unmeasured(8, ThroughputPoint.SKIPPED, "the run was interrupted")));
        List<Integer> opened = new ArrayList<>();
        try (MockEngine mock = mock(Map.of()); SweepControl control = SweepControl.none()) {
            Engine counting = new Engine() {
                @Override
                public io.jharness.engine.EngineInfo info() {
                    return mock.info();
                }

                @Override
                public io.jharness.engine.timing.NanoClock clock() {
                    return mock.clock();
                }

                @Override
                public io.jharness.engine.EngineSession open(int maxBatch, int maxSeqLen) {
                    opened.add(maxBatch);
                    return mock.open(maxBatch, maxSeqLen);
                }

                @Override
                public void close() {}
            };
            ThroughputResult r = new ThroughputRunner(config, counting, ProgressListener.NONE)
                    .run(control, earlier, partial -> {});
            assertEquals(List.of("ok", "ok", "ok"), statuses(r));
            assertSame(kept, r.points().get(0), "the earlier ok point is kept as it was");
            assertEquals(List.of(8, 16), opened, "only the skipped and the missing points ran");
            assertEquals(full.throughputTokensPerSec(), r.points().get(1).throughputTokensPerSec(),
                    "a resumed point measures what a fresh run does");
        }
    }

    private static List<String> statuses(ThroughputResult r) {
        return r.points().stream().map(ThroughputPoint::status).toList();
    }

    @Test
    void preflightRejectsWhatTheEngineCannotRun() {
        try (MockEngine engine = mock(Map.of("max-batch", "16", "max-seq-len", "20"))) {
            UsageException tooBig = assertThrows(UsageException.class, () -> new ThroughputRunner(
                    config(List.of(1, 32), 4, 4, WarmupSpec.NONE), engine, ProgressListener.NONE).run());
            assertTrue(tooBig.getMessage().contains("--batch-sizes 32"), tooBig.getMessage());
            UsageException tooLong = assertThrows(UsageException.class, () -> new ThroughputRunner(
                    config(List.of(1), 4, 5, WarmupSpec.NONE), engine, ProgressListener.NONE).run());
            assertTrue(tooLong.getMessage().contains("21"), tooLong.getMessage());
        }
    }

    @Test
    void progressHearsEveryPrompt() {
        long[] done = new long[2];
        ProgressListener listener = new ProgressListener() {
            @Override
            public void begin(String task, long total) {
                done[1] = total;
            }

            @Override
            public void phase(String message) {}

            @Override
            public void advance(long amount) {
                done[0] += amount;
            }

            @Override
            public void close() {}
        };
        try (MockEngine engine = mock(Map.of())) {
            new ThroughputRunner(config(List.of(1, 3), 7, 2, WarmupSpec.NONE), engine, listener).run();
        }
        assertEquals(14, done[0]);
        assertEquals(14, done[1]);
    }
}
