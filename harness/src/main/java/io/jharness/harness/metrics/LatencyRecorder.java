package io.jharness.harness.metrics;

import io.jharness.harness.results.DistributionSummary;
import org.HdrHistogram.Histogram;

/**
 * Records nanosecond latencies into an HdrHistogram (3 significant digits, up to an hour) and
 * summarizes them in milliseconds. Recording never allocates.
 */
public final class LatencyRecorder {

    private static final long HIGHEST = 3_600_000_000_000L;
    private static final double NANOS_PER_MS = 1e6;

    private final Histogram histogram = new Histogram(1, HIGHEST, 3);
    private long totalNanos;

    /** Records one sample; values past an hour are recorded as an hour. */
    public void record(long nanos) {
        long v = Math.min(Math.max(nanos, 0), HIGHEST);
        histogram.recordValue(v);
        totalNanos += v;
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The exact sum of what was recorded. */
    public long totalNanos() {
        return totalNanos;
    }

    /** The distribution in milliseconds, or null when nothing was recorded. */
    public DistributionSummary summary() {
        if (histogram.getTotalCount() == 0) {
            return null;
        }
        return new DistributionSummary(
                histogram.getTotalCount(),
                ms(histogram.getMean()),
                ms(histogram.getMinValue()),
                ms(histogram.getValueAtPercentile(50)),
                ms(histogram.getValueAtPercentile(90)),
                ms(histogram.getValueAtPercentile(95)),
                ms(histogram.getValueAtPercentile(99)),
                ms(histogram.getMaxValue()),
                ms(histogram.getStdDeviation()));
    }

    /** Milliseconds, rounded to the nanosecond so JSON stays readable. */
    private static double ms(double nanos) {
        return Math.round(nanos) / NANOS_PER_MS;
    }
}
