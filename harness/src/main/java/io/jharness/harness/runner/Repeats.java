package io.jharness.harness.runner;

import io.jharness.harness.results.RepeatStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

/**
 * Runs one point's measurement {@code --repeats} times and aggregates the repeats. Each repeat is
 * a whole measurement on a fresh engine session (warm-up included), so the spread between them is
 * the run-to-run noise that {@code harness compare} weighs a change against.
 *
 * <p>How a repeated point is reported: its headline figures are the medians of the repeats (the
 * median resists one disturbed repeat better than the mean); every other figure (step times,
 * tail percentiles, token counts) is that of the <em>median repeat</em>, the repeat at the middle
 * rank of the point's main figure (for an even count, the lower of the two middle ones), so that
 * the detail shown is one real measurement. With an odd count the median repeat's main figure is
 * exactly the headline median.
 */
public final class Repeats {

    private Repeats() {}

    /**
     * Runs {@code measure} once per repeat.
     *
     * @param measure given the repeat's index (0-based); a failure ends the point
     */
    public static <T> List<T> run(int repeats, IntFunction<T> measure) {
        List<T> results = new ArrayList<>(repeats);
        for (int i = 0; i < repeats; i++) {
            results.add(measure.apply(i));
        }
        return results;
    }

    /** The repeat at the middle rank of {@code key} (the lower middle one for an even count). */
    public static <T> T median(List<T> repeats, ToDoubleFunction<T> key) {
        List<T> sorted = repeats.stream().sorted(Comparator.comparingDouble(key)).toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** The spread of one figure over the repeats. */
    public static <T> RepeatStats stats(List<T> repeats, ToDoubleFunction<T> figure) {
        return RepeatStats.of(repeats.stream().mapToDouble(figure).toArray());
    }
}
