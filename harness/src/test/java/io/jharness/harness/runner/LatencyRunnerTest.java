package io.jharness.harness.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.engine.EngineSpec;
import io.jharness.engine.mock.LatencyModel;
import io.jharness.engine.mock.MockEngine;
import io.jharness.engine.mock.MockEngineProvider;
import io.jharness.harness.config.EngineSelection;
import io.jharness.harness.config.LatencyConfig;
import io.jharness.harness.config.WarmupSpec;
import io.jharness.harness.progress.ProgressListener;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.workload.LengthDistribution;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LatencyRunnerTest {

    private static final double REL = 1e-3; // HdrHistogram's 3 significant digits

    private static LatencyResult run(int runs, int tokens, int batch) {
        try (MockEngine engine = (MockEngine) new MockEngineProvider()
                .create(new EngineSpec(null, null, null, 1, Map.of("jitter", "0")))) {
            return new LatencyRunner(new LatencyConfig(EngineSelection.auto(), runs, tokens, batch,
                    new LengthDistribution.Fixed(32), new WarmupSpec(5, 0), 3), engine, ProgressListener.NONE).run();
        }
    }

    private static void near(double expectedNanos, double actualMs) {
        double expectedMs = expectedNanos / 1e6;
        assertEquals(expectedMs, actualMs, expectedMs * REL, "expected " + expectedMs + " ms");
    }

    @Test
    void metricsFollowTheirDefinitions() {
        LatencyModel m = LatencyModel.DEFAULT;
        LatencyResult r = run(10, 8, 2);
        long ttft = m.prefillNanos(2, 64);
        long itl = m.decodeNanos(2);
        long e2e = ttft + 7 * itl;
        assertEquals(10, r.numRuns());
        near(e2e, r.meanMs());
        near(e2e, r.medianMs());
        near(e2e, r.p99Ms());
        near(ttft, r.ttftMs().p50Ms());
        near(itl, r.itlMs().p50Ms());
        assertEquals(70, r.itlMs().count(), "7 gaps per request");
        near((e2e - ttft) / 7.0, r.tpotMs().p50Ms());
        assertEquals(10, r.tpotMs().count());
        assertEquals(2, r.batchSize());
        assertEquals(32.0, r.avgPromptTokens());
        assertEquals(2 * 8 / (e2e / 1e9), r.outputTokensPerSec(), 1e-6);
    }

    @Test
    void theJitWarmupRunsOnASessionOfItsOwnAndChangesNoFigure() {
        LatencyResult[] r = new LatencyResult[2];
        for (int i = 0; i < 2; i++) {
            // The mock's default jitter draws from a seeded stream per session: steps run on the
            // measured session before the measurement would change every figure.
            try (MockEngine engine = (MockEngine) new MockEngineProvider()
                    .create(new EngineSpec(null, null, null, 1, Map.of()))) {
                r[i] = new LatencyRunner(new LatencyConfig(EngineSelection.auto(), 6, 8, 2, new LengthDistribution.Fixed(32),
                        new WarmupSpec(5, 0), 3, 2, i == 0 ? WarmupSpec.NONE : new WarmupSpec(300, 0)), engine,
                        ProgressListener.NONE).run();
            }
        }
        assertEquals(r[0], r[1]);
    }

    @Test
    void oneTokenHasNoInterTokenLatency() {
        LatencyResult r = run(5, 1, 1);
        assertNull(r.itlMs());
        assertNull(r.tpotMs());
        near(LatencyModel.DEFAULT.prefillNanos(1, 32), r.ttftMs().p50Ms());
        near(LatencyModel.DEFAULT.prefillNanos(1, 32), r.medianMs());
        assertEquals(0, r.decode().steps());
    }

    private static LatencyConfig config(int runs) {
        return new LatencyConfig(EngineSelection.auto(), runs, 8, 1, new LengthDistribution.Fixed(32), WarmupSpec.NONE, 3);
    }

    @Test
    void aStopKeepsTheRequestsThatCompleted() {
        AtomicBoolean stop = new AtomicBoolean();
        ProgressListener stopAfterThree = new StopAfterProgress(3, stop); // three requests done
        try (MockEngine engine = (MockEngine) new MockEngineProvider()
                        .create(new EngineSpec(null, null, null, 1, Map.of()));
                SweepControl control = new SweepControl(0, stop::get)) {
            LatencyRunner.Outcome o = new LatencyRunner(config(50), engine, stopAfterThree).run(control, null);
            assertEquals("interrupted", o.status());
            assertEquals(3, o.result().numRuns(), "the three requests that completed");
            assertEquals(3, o.result().tpotMs().count());
            assertTrue(control.interrupted());
        }
    }

    @Test
    void aHangPastTheTimeoutFailsTheRun() {
        try (MockEngine engine = (MockEngine) new MockEngineProvider()
                        .create(new EngineSpec(null, null, null, 1, Map.of("hang-at-batch", "1")));
                SweepControl control = new SweepControl(200_000_000L, StopSignal.NEVER)) {
            LatencyRunner.Outcome o = new LatencyRunner(config(5), engine, ProgressListener.NONE).run(control, null);
            assertEquals("failed", o.status());
            assertEquals("timed out after 0.2 s", o.error());
            assertNull(o.result(), "no request completed");
        }
    }

    @Test
    void aCompleteEarlierRunIsKept() {
        LatencyResult earlier = run(2, 2, 1);
        try (MockEngine engine = (MockEngine) new MockEngineProvider()
                        .create(new EngineSpec(null, null, null, 1, Map.of("hang-at-batch", "1")));
                SweepControl control = SweepControl.none()) {
            LatencyRunner.Outcome o = new LatencyRunner(config(2), engine, ProgressListener.NONE).run(control, earlier);
            assertEquals("ok", o.status());
            assertSame(earlier, o.result(), "kept, not run again (this engine would hang)");
        }
    }
}
