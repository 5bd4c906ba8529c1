package io.jharness.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class CopyBandwidthTest {

    @Test
    void aCopyCountsItsBytesTwiceReadAndWritten() {
        // 1 GiB in 1 ms: 2 × 1,073,741,824 B / 0.001 s = 2,147.483648 GB/s.
        assertEquals(2147.483648, CopyBandwidth.gbPerSec(1L << 30, 1.0), 1e-9);
        // 100 MB in 0.1 ms: 2e8 / 1e-4 = 2e12 B/s.
        assertEquals(2000.0, CopyBandwidth.gbPerSec(100_000_000L, 0.1), 1e-9);
    }

    @Test
    void theBestCopyIsTheFastest() {
        var r = new CopyBandwidth.Result(0, "test", 1L << 30, new float[] {0.75f, 0.5f, 0.625f, 1.5f});
        assertEquals(0.5, r.bestMs());
        // 2 x 2^30 B / 0.0005 s.
        assertEquals(4294.967296, r.gbPerSec(), 1e-9);
    }

    @Test
    void refusesTimesThatCannotBe() {
        assertThrows(IllegalArgumentException.class, () -> CopyBandwidth.gbPerSec(1024, 0));
        assertThrows(IllegalArgumentException.class, () -> CopyBandwidth.best(new float[0]));
        assertThrows(IllegalArgumentException.class, () -> CopyBandwidth.measure(0, 0, 1));
    }

    /** Runs only where there is a CUDA device. */
    @Test
    void measuresACopyOnTheGpu() {
        assumeTrue(CudaDriver.available(), "no CUDA device");
        var r = CopyBandwidth.measure(0, 256L << 20, 5);
        assertEquals(5, r.copyMs().length);
        // Any real GPU copies faster than 10 GB/s and slower than 100 TB/s.
        assertTrue(r.gbPerSec() > 10 && r.gbPerSec() < 100_000, r.gbPerSec() + " GB/s");
    }
}
