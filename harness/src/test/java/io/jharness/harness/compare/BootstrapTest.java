package io.jharness.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    private static double[] normal(UniformRandomProvider rng, int n, double mean, double sd) {
        var sampler = org.apache.commons.rng.sampling.distribution.GaussianSampler.of(
                org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(rng), mean, sd);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = sampler.sample();
        }
        return v;
    }

    @Test
    void aClearChangeIsSignificant() {
        double[] base = {100, 101, 99, 100.5, 99.5};
        double[] faster = {110, 111, 109, 110.5, 109.5};
        Bootstrap.Interval ci = Bootstrap.ratioOfMedians(base, faster);
        assertNotNull(ci);
        assertTrue(ci.low() > 1.0 && ci.excludes(1.0), ci::toString);
        // The ratio of medians, 110 / 100, lies inside.
        assertTrue(ci.low() <= 1.1 && 1.1 <= ci.high(), ci::toString);
        Bootstrap.Interval slower = Bootstrap.ratioOfMedians(faster, base);
        assertTrue(slower.high() < 1.0, slower::toString);
    }

    @Test
    void pureNoiseIsNot() {
        // Two sets of repeats of the same figure: 2% noise around 1000, no change between them.
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
        int significant = 0;
        for (int trial = 0; trial < 20; trial++) {
            Bootstrap.Interval ci = Bootstrap.ratioOfMedians(normal(rng, 7, 1000, 20), normal(rng, 7, 1000, 20));
            if (ci.excludes(1.0)) {
                significant++;
            }
        }
        // A 95% interval calls noise significant about 1 time in 20 (more with few repeats): not often.
        assertTrue(significant <= 3, significant + " of 20 noise-only comparisons called significant");
    }

    @Test
    void aChangeWithinTheNoiseIsNotSignificant() {
        double[] base = {100, 130, 80, 110, 95};
        double[] cand = {103, 125, 85, 115, 99};
        assertFalse(Bootstrap.ratioOfMedians(base, cand).excludes(1.0));
    }

    @Test
    void fewerThanThreeRepeatsGiveNoInterval() {
        assertNull(Bootstrap.ratioOfMedians(new double[] {1, 2}, new double[] {5, 6, 7}));
        assertNull(Bootstrap.ratioOfMedians(new double[] {1, 2, 3}, new double[] {5}));
        assertNull(Bootstrap.ratioOfMedians(new double[] {0, 2, 3}, new double[] {5, 6, 7}), "a zero baseline has no ratio");
    }

    @Test
    void theSameInputsGiveTheSameInterval() {
        double[] base = {100, 104, 97, 101, 99};
        double[] cand = {103, 108, 99, 104, 102};
        assertEquals(Bootstrap.ratioOfMedians(base, cand), Bootstrap.ratioOfMedians(base, cand));
        assertTrue(Bootstrap.ratioOfMedians(base, cand, 10_000, 0.95, 1).low()
                != Bootstrap.ratioOfMedians(base, cand, 10_000, 0.5, 1).low(), "the level matters");
    }

    @Test
    void identicalRepeatsGiveAPointInterval() {
        // The mock engine on its virtual clock repeats exactly: no noise, so any change is beyond it.
        Bootstrap.Interval same = Bootstrap.ratioOfMedians(new double[] {5, 5, 5}, new double[] {5, 5, 5});
        assertEquals(new Bootstrap.Interval(1.0, 1.0), same);
        assertFalse(same.excludes(1.0));
        assertTrue(Bootstrap.ratioOfMedians(new double[] {5, 5, 5}, new double[] {5.1, 5.1, 5.1}).excludes(1.0));
    }
}
