package io.jharness.harness.results;

import java.util.List;
import org.apache.commons.statistics.descriptive.DoubleStatistics;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.descriptive.Statistic;

/**
 * The spread of one figure over the repeats of a point ({@code --repeats N}): each repeat ran on a
 * fresh engine session. Written as the {@code repeats} block of a point, only when N > 1.
 *
 * @param n      repeats
 * @param min    smallest value
 * @param median the median (for an even n, the mean of the two middle values)
 * @param max    largest value
 * @param cv     coefficient of variation: the sample standard deviation over the mean; null when
 *               the mean is 0
 * @param values every repeat's value, in the order run
 */
public record RepeatStats(int n, double min, double median, double max, Double cv, List<Double> values) {

    public RepeatStats {
        values = List.copyOf(values);
    }

    /** The statistics of {@code values} (at least one). */
    public static RepeatStats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no repeats");
        }
        DoubleStatistics s = DoubleStatistics.of(
                java.util.EnumSet.of(Statistic.MIN, Statistic.MAX, Statistic.MEAN, Statistic.STANDARD_DEVIATION), values);
        double mean = s.getAsDouble(Statistic.MEAN);
        // One value has no spread; commons-statistics gives NaN for its sample deviation.
        double sd = values.length == 1 ? 0 : s.getAsDouble(Statistic.STANDARD_DEVIATION);
        return new RepeatStats(values.length, s.getAsDouble(Statistic.MIN), Median.withDefaults().evaluate(values.clone()),
                s.getAsDouble(Statistic.MAX), mean == 0 ? null : sd / mean,
                java.util.Arrays.stream(values).boxed().toList());
    }

    /** The values as an array, for resampling. */
    public double[] array() {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The sample standard deviation: {@code cv * mean}, or 0 without a cv. */
    public double stddev() {
        if (cv == null) {
            return 0;
        }
        return cv * values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
