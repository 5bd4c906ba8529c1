package io.jharness.harness.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
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
