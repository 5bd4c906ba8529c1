package io.jharness.harness.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArrivalProcessTest {

    private static final int N = 100_000;

    /** Gaps in seconds; the first gap is the first arrival itself. */
    private static double[] gapsSeconds(long[] arrivals) {
        double[] g = new double[arrivals.length];
        long prev = 0;
        for (int i = 0; i < arrivals.length; i++) {
            g[i] = (arrivals[i] - prev) / 1e9;
            prev = arrivals[i];
        }
        return g;
    }

    private static double mean(double[] x) {
        return Arrays.stream(x).average().orElseThrow();
    }

    private static double variance(double[] x) {
        double m = mean(x);
        return Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1);
    }

    private static void assertNonDecreasing(long[] a) {
        for (int i = 1; i < a.length; i++) {
            assertTrue(a[i] >= a[i - 1], "arrival " + i + " goes back: " + a[i - 1] + " then " + a[i]);
        }
        assertTrue(a.length == 0 || a[0] >= 0);
    }

    private static void assertWithin(double expected, double actual, double relative, String what) {
        assertTrue(Math.abs(actual - expected) <= relative * expected,
                what + ": expected " + expected + " within " + relative * 100 + "%, got " + actual);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 42, 20240601})
    void poissonGapsAreExponential(long seed) {
        double rate = 10;
        long[] a = new ArrivalProcess.Poisson(rate).arrivals(N, seed);
        assertNonDecreasing(a);
        double[] g = gapsSeconds(a);
        assertTrue(a[0] > 0, "the first request arrives after one gap");
        assertWithin(1 / rate, mean(g), 0.01, "mean gap");
        assertWithin(1 / (rate * rate), variance(g), 0.03, "gap variance");
        // exponential, not merely the right two moments: P(gap < mean) = 1 - 1/e
        double below = Arrays.stream(g).filter(x -> x < 1 / rate).count() / (double) N;
        assertWithin(1 - Math.exp(-1), below, 0.01, "fraction of gaps below the mean");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 4})
    void gammaGapsHaveMeanOneOverRateAndVarianceOneOverShapeRateSquared(double shape) {
        double rate = 4;
        for (long seed : new long[] {7, 8, 9}) {
            long[] a = new ArrivalProcess.Gamma(rate, shape).arrivals(N, seed);
            assertNonDecreasing(a);
            double[] g = gapsSeconds(a);
            assertWithin(1 / rate, mean(g), 0.015, "mean gap, shape " + shape + ", seed " + seed);
            assertWithin(1 / (shape * rate * rate), variance(g), 0.05, "gap variance, shape " + shape + ", seed " + seed);
        }
    }

    @Test
    void gammaWithShapeOneIsPoissonInDistribution() {
        double rate = 2;
        double[] g = gapsSeconds(new ArrivalProcess.Gamma(rate, 1).arrivals(N, 3));
        assertWithin(1 / rate, mean(g), 0.01, "mean gap");
        assertWithin(1 / (rate * rate), variance(g), 0.03, "gap variance");
        double below = Arrays.stream(g).filter(x -> x < 1 / rate).count() / (double) N;
        assertWithin(1 - Math.exp(-1), below, 0.01, "fraction of gaps below the mean");
    }

    @Test
    void constantIsEvenlySpacedFromZero() {
        assertArrayEquals(new long[] {0, 250_000_000, 500_000_000, 750_000_000, 1_000_000_000},
                new ArrivalProcess.Constant(4).arrivals(5, 1));
        assertArrayEquals(new long[] {0, 333_333_333, 666_666_667, 1_000_000_000},
                new ArrivalProcess.Constant(3).arrivals(4, 99));
        long[] a = new ArrivalProcess.Constant(7).arrivals(N, 0);
        assertEquals(Math.round((N - 1) * 1e9 / 7), a[N - 1]);
        assertArrayEquals(a, new ArrivalProcess.Constant(7).arrivals(N, 12345), "the seed is not used");
    }

    @Test
    void sameSeedSameScheduleDifferentSeedDifferentSchedule() {
        for (ArrivalProcess p : new ArrivalProcess[] {new ArrivalProcess.Poisson(5), new ArrivalProcess.Gamma(5, 0.3)}) {
            long[] a = p.arrivals(1000, 11);
            assertArrayEquals(a, p.arrivals(1000, 11), p.describe());
            assertFalse(Arrays.equals(a, p.arrivals(1000, 12)), p.describe());
            assertArrayEquals(Arrays.copyOf(a, 10), p.arrivals(10, 11), "a shorter schedule is a prefix");
        }
    }

    @Test
    void zeroRequestsIsEmptyAndNegativeIsRejected() {
        assertEquals(0, new ArrivalProcess.Poisson(1).arrivals(0, 1).length);
        assertEquals(0, new ArrivalProcess.Constant(1).arrivals(0, 1).length);
        assertThrows(IllegalArgumentException.class, () -> new ArrivalProcess.Gamma(1, 1).arrivals(-1, 1));
    }

    @Test
    void ofParsesKinds() {
        assertEquals(new ArrivalProcess.Poisson(3), ArrivalProcess.of("poisson", 3, 0));
        assertEquals(new ArrivalProcess.Gamma(3, 0.5), ArrivalProcess.of(" Gamma ", 3, 0.5));
        assertEquals(new ArrivalProcess.Constant(2.5), ArrivalProcess.of("CONSTANT", 2.5, -1));
        assertInstanceOf(ArrivalProcess.Poisson.class, ArrivalProcess.of("poisson", 1, Double.NaN),
                "burstiness is only read by gamma");
        assertEquals("gamma", ArrivalProcess.of("gamma", 1, 2).kind());
        assertEquals("gamma(rate=4/s, burstiness=0.5)", new ArrivalProcess.Gamma(4, 0.5).describe());
        assertEquals("poisson(rate=2.5/s)", new ArrivalProcess.Poisson(2.5).describe());
    }

    @Test
    void ofRejectsBadValuesNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArrivalProcess.of("bursty", 1, 1));
        assertTrue(e.getMessage().contains("'bursty'") && e.getMessage().contains("poisson, gamma or constant"), e.getMessage());
        for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            for (String kind : new String[] {"poisson", "gamma", "constant"}) {
                e = assertThrows(IllegalArgumentException.class, () -> ArrivalProcess.of(kind, rate, 1));
                assertTrue(e.getMessage().contains("rate " + (rate == 0 ? "0" : rate == -1 ? "-1" : Double.toString(rate))),
                        e.getMessage());
                assertTrue(e.getMessage().contains("> 0"), e.getMessage());
            }
        }
        for (double b : new double[] {0, -0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            e = assertThrows(IllegalArgumentException.class, () -> ArrivalProcess.of("gamma", 1, b));
            assertTrue(e.getMessage().startsWith("burstiness "), e.getMessage());
        }
    }

    @Test
    void tinyShapeStaysNonDecreasingAndFinite() {
        long[] a = new ArrivalProcess.Gamma(100, 0.01).arrivals(N, 5);
        assertNonDecreasing(a);
        assertWithin(1 / 100.0, mean(gapsSeconds(a)), 0.25, "mean gap, shape 0.01 (very heavy-tailed)");
    }
}
