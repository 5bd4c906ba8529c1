package io.jharness.harness.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.harness.config.EngineSelection;
import io.jharness.harness.config.LatencyConfig;
import io.jharness.harness.config.ThroughputConfig;
import io.jharness.harness.config.WarmupSpec;
import io.jharness.harness.progress.ProgressListener;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.RepeatStats;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.workload.LengthDistribution;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --repeats}: each repeat on a fresh session, medians as headline figures, the spread beside. */
class RepeatsTest {

    @Test
    void statsOfKnownValues() {
        RepeatStats s = RepeatStats.of(new double[] {10, 12, 11, 30});
        assertEquals(4, s.n());
        assertEquals(10, s.min());
        assertEquals(11.5, s.median(), "the mean of the two middle values");
        assertEquals(30, s.max());
        // mean 15.75, sample sd = sqrt(((5.75^2 + 3.75^2 + 4.75^2 + 14.25^2) / 3)
        assertEquals(Math.sqrt((5.75 * 5.75 + 3.75 * 3.75 + 4.75 * 4.75 + 14.25 * 14.25) / 3) / 15.75, s.cv(), 1e-12);
        assertEquals(List.of(10.0, 12.0, 11.0, 30.0), s.values(), "in the order run");
        assertEquals(12, Repeats.median(List.of(30, 12, 10, 11, 13), Integer::doubleValue), "the middle rank");
        assertEquals(11, Repeats.median(List.of(30, 12, 10, 11), Integer::doubleValue), "the lower middle one");
    }

    @Test
    void throughputRepeatsEachPointOnAFreshSession() {
        try (RotatingEngine engine = new RotatingEngine(1, 2, 3)) {
            ThroughputConfig config = new ThroughputConfig(EngineSelection.auto(), List.of(1, 4), 8, 5,
                    new LengthDistribution.Fixed(16), new WarmupSpec(3, 0), 9, 3);
            List<ThroughputPoint> points = new ThroughputRunner(config, engine, ProgressListener.NONE).run().points();
            assertEquals(6, engine.opened(), "3 repeats x 2 batch sizes");
            for (ThroughputPoint p : points) {
                RepeatStats r = p.repeats();
                assertEquals(3, r.n());
                assertEquals(3, new HashSet<>(r.values()).size(), "different sessions, different times: " + r.values());
                assertEquals(r.median(), p.throughputTokensPerSec(), "the headline is the median");
                assertTrue(r.min() < r.median() && r.median() < r.max());
                // The other figures are the median repeat's: its elapsed time gives the median.
                assertEquals(p.totalTokens() / p.elapsedSec(), p.throughputTokensPerSec(), 1e-6);
                assertTrue(r.cv() > 0 && r.cv() < 0.1, "5% step jitter: " + r.cv());
            }
        }
    }

    @Test
    void oneRepeatWritesNoRepeatsBlock() {
        try (RotatingEngine engine = new RotatingEngine(1, 2, 3)) {
            ThroughputConfig config = new ThroughputConfig(EngineSelection.auto(), List.of(2), 4, 3,
                    new LengthDistribution.Fixed(8), WarmupSpec.NONE, 9);
            assertNull(new ThroughputRunner(config, engine, ProgressListener.NONE).run().points().get(0).repeats());
            assertEquals(1, engine.opened());
        }
    }

    @Test
    void latencyPercentilesAreMediansOfTheRepeats() {
        try (RotatingEngine engine = new RotatingEngine(4, 5, 6, 7, 8)) {
            LatencyConfig config = new LatencyConfig(EngineSelection.auto(), 12, 6, 1, new LengthDistribution.Fixed(16),
                    new WarmupSpec(3, 0), 9, 5);
            LatencyResult r = new LatencyRunner(config, engine, ProgressListener.NONE).run();
            assertEquals(5, engine.opened());
            LatencyResult.Repeats rep = r.repeats();
            assertEquals(5, rep.p50Ms().n());
            assertEquals(rep.p50Ms().median(), r.medianMs());
            assertEquals(rep.p90Ms().median(), r.p90Ms());
            assertEquals(rep.p95Ms().median(), r.p95Ms());
            assertEquals(rep.p99Ms().median(), r.p99Ms());
            assertTrue(rep.p50Ms().max() > rep.p50Ms().min(), rep.p50Ms()::toString);
            assertTrue(r.medianMs() <= r.p90Ms() && r.p90Ms() <= r.p95Ms() && r.p95Ms() <= r.p99Ms());
        }
    }
}
