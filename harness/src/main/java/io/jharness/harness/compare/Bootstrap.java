package io.jharness.harness.compare;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.descriptive.Quantile;

/**
 * A bootstrap confidence interval for the ratio of two medians: how much a candidate's figure
 * changed against a baseline's, given the run-to-run noise that each one's repeats show.
 *
 * <p>Method (percentile bootstrap): draw {@code resamples} times, independently for each side, as
 * many values as it has, with replacement, from its repeats; take each side's median and their
 * ratio (candidate / baseline). The interval is the {@code (1 - level) / 2} and
 * {@code (1 + level) / 2} quantiles of those ratios. A change is significant when the interval
 * excludes 1.0: when even the noisiest plausible reading of both sides does not make the two
 * medians equal. The random source is seeded, so the same inputs always give the same interval.
 *
 * <p>With few repeats the interval is coarse (with 3, a resampled median can only be one of the 3
 * values), so it tends to be narrower than the truth; 5 or more repeats make it trustworthy.
 * Below {@link #MIN_REPEATS} on either side there is no noise estimate to speak of, and
 * {@link #ratioOfMedians} gives none.
 */
public final class Bootstrap {

    /** Repeats each side needs for an interval. */
    public static final int MIN_REPEATS = 3;
    public static final int RESAMPLES = 10_000;
    public static final double LEVEL = 0.95;
    public static final long SEED = 42;

    private Bootstrap() {}

    /** A confidence interval of a ratio. */
    public record Interval(double low, double high) {

        /** Whether {@code value} lies outside the interval. */
        public boolean excludes(double value) {
            return value < low || value > high;
        }
    }

    /** The interval with this class's defaults: 95%, 10,000 resamples, seed 42. */
    public static Interval ratioOfMedians(double[] baseline, double[] candidate) {
        return ratioOfMedians(baseline, candidate, RESAMPLES, LEVEL, SEED);
    }

    /**
     * The percentile-bootstrap interval of median(candidate) / median(baseline).
     *
     * @return null when either side has fewer than {@link #MIN_REPEATS} values, or the baseline's
     *         values include 0 (the ratio is undefined)
     */
    public static Interval ratioOfMedians(double[] baseline, double[] candidate, int resamples, double level, long seed) {
        if (baseline.length < MIN_REPEATS || candidate.length < MIN_REPEATS) {
            return null;
        }
        for (double b : baseline) {
            if (!(b != 0) || !Double.isFinite(b)) {
                return null;
            }
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        // withCopy(false): the scratch arrays are refilled every round, so the median may reorder them.
        Median median = Median.withDefaults().withCopy(false);
        double[] b = new double[baseline.length];
        double[] c = new double[candidate.length];
        double[] ratios = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < b.length; i++) {
                b[i] = baseline[rng.nextInt(baseline.length)];
            }
            for (int i = 0; i < c.length; i++) {
                c[i] = candidate[rng.nextInt(candidate.length)];
            }
            ratios[r] = median.evaluate(c) / median.evaluate(b);
        }
        double tail = (1 - level) / 2;
        double[] q = Quantile.withDefaults().withCopy(false).evaluate(ratios, tail, 1 - tail);
        return new Interval(q[0], q[1]);
    }
}
