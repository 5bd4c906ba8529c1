package io.jharness.harness.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.StepTimeSummary;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    /** HdrHistogram with 3 significant digits: values are exact to within 0.1%. */
    private static void near(double expected, double actual) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-3 + 1e-9, "expected ~" + expected + ", got " + actual);
    }

    @Test
    void uniformDistributionPercentiles() {
        LatencyRecorder r = new LatencyRecorder();
        for (int us = 1; us <= 10_000; us++) {
            r.record(us * 1_000L);
        }
        DistributionSummary s = r.summary();
        assertEquals(10_000, s.count());
        near(5.0005, s.meanMs());
        near(0.001, s.minMs());
        near(5.0, s.p50Ms());
        near(9.0, s.p90Ms());
        near(9.5, s.p95Ms());
        near(9.9, s.p99Ms());
        near(10.0, s.maxMs());
        near(Math.sqrt((10_000.0 * 10_000 - 1) / 12) / 1000, s.stddevMs());
        assertEquals(50_005_000_000L, r.totalNanos(), "the total is exact");
    }

    @Test
    void exponentialDistributionPercentiles() {
        LatencyRecorder r = new LatencyRecorder();
        SplittableRandom random = new SplittableRandom(1);
        double meanNs = 2_000_000;
        for (int i = 0; i < 200_000; i++) {
            r.record(Math.round(random.nextExponential() * meanNs));
        }
        DistributionSummary s = r.summary();
        // Quantile q of an exponential with mean m is -m ln(1 - q); sampling error ~1% at this size.
        assertEquals(2.0, s.meanMs(), 0.02);
        assertEquals(2.0 * Math.log(2), s.p50Ms(), 0.02);
        assertEquals(-2.0 * Math.log(0.01), s.p99Ms(), 0.15);
    }

    @Test
    void constantSamples() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 0; i < 10; i++) {
            r.record(4_000_000);
        }
        DistributionSummary s = r.summary();
        near(4.0, s.p50Ms());
        near(4.0, s.p99Ms());
        near(4.0, s.maxMs());
        assertEquals(0.0, s.stddevMs(), 1e-9);
    }

    @Test
    void nothingRecordedIsNoSummary() {
        assertNull(new LatencyRecorder().summary());
    }

    @Test
    void valuesBeyondTheRangeAreClamped() {
        LatencyRecorder r = new LatencyRecorder();
        r.record(-5);
        r.record(Long.MAX_VALUE);
        assertEquals(2, r.count());
        near(3_600_000.0, r.summary().maxMs());
        near(0.0, r.summary().minMs());
    }

    @Test
    void stepStatsSplitWallAndDeviceTime() {
        StepStats host = new StepStats();
        host.record(5_000_000, -1);
        StepTimeSummary h = host.summary();
        assertEquals(1, h.steps());
        assertNull(h.gpuMs());
        assertNull(h.gpuTotalSec());
        assertNull(h.hostOverheadMs());

        StepStats gpu = new StepStats();
        gpu.record(5_000_000, 4_000_000);
        gpu.record(7_000_000, 4_000_000);
        StepTimeSummary g = gpu.summary();
        assertEquals(0.012, g.wallTotalSec(), 1e-12);
        assertEquals(0.008, g.gpuTotalSec(), 1e-12);
        near(2.0, g.hostOverheadMs().meanMs());
        near(4.0, g.gpuMs().p50Ms());
    }
}
