package io.jharness.harness.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LengthDistributionTest {

    @Test
    void parsesEveryForm() {
        assertEquals(new LengthDistribution.Fixed(128), LengthDistribution.parse("128"));
        assertEquals(new LengthDistribution.Fixed(128), LengthDistribution.parse("fixed:128"));
        assertEquals(new LengthDistribution.Uniform(64, 256), LengthDistribution.parse("uniform:64,256"));
        assertEquals(new LengthDistribution.Normal(128, 32), LengthDistribution.parse("Normal:128, 32"));
        assertEquals(new LengthDistribution.Exponential(100), LengthDistribution.parse("exponential:100"));
    }

    @Test
    void specsParseBack() {
        for (String spec : new String[] {"128", "uniform:64,256", "normal:128,32", "exponential:100"}) {
            assertEquals(spec, LengthDistribution.parse(spec).spec());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "x", "", "uniform:5", "uniform:9,3", "normal:1", "poisson:3", "fixed:1,2", "exponential:0"})
    void rejectsWithTheAcceptedForms(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LengthDistribution.parse(bad));
        assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }

    @Test
    void samplesStayInRangeAndMatchTheirMeans() {
        SplittableRandom r = new SplittableRandom(3);
        LengthDistribution[] all = {
            new LengthDistribution.Uniform(10, 20), new LengthDistribution.Normal(100, 10), new LengthDistribution.Exponential(50)
        };
        double[] means = {15, 100, 50};
        for (int d = 0; d < all.length; d++) {
            long sum = 0;
            int n = 50_000;
            for (int i = 0; i < n; i++) {
                int v = all[d].sample(r);
                assertTrue(v >= 1 && v <= all[d].max(), all[d] + " drew " + v);
                sum += v;
            }
            assertEquals(means[d], sum / (double) n, means[d] * 0.02, all[d].spec());
        }
    }

    @Test
    void syntheticPromptsHaveExactLengthsAndAreSeeded() {
        LengthDistribution len = new LengthDistribution.Uniform(3, 9);
        int[][] a = SyntheticPrompts.generate(50, len, 1000, 5);
        int[][] b = SyntheticPrompts.generate(50, len, 1000, 5);
        int[][] c = SyntheticPrompts.generate(50, len, 1000, 6);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.deepEquals(a, c));
        for (int[] p : a) {
            assertTrue(p.length >= 3 && p.length <= 9);
            for (int t : p) {
                assertTrue(t >= 0 && t < 1000);
            }
        }
    }
}
