package io.jharness.harness.config;

import io.jharness.engine.timing.Durations;

/**
 * How long to warm up before measuring: a number of engine steps ({@code 20}), a time on the
 * engine's clock ({@code 2s}, {@code 500ms}), or both ({@code 5000,30s}): the warm-up ends at
 * whichever limit it reaches first. Both zero is no warm-up.
 */
public record WarmupSpec(long steps, long nanos) {

    public static final WarmupSpec NONE = new WarmupSpec(0, 0);

    public WarmupSpec {
        if (steps < 0 || nanos < 0) {
            throw new IllegalArgumentException("a warm-up's steps and duration are >= 0");
        }
    }

    /**
     * Parses {@code 20} (steps), {@code 2s}/{@code 500ms} (time) or {@code 5000,30s} (steps, but no
     * longer than the time).
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static WarmupSpec parse(String text) {
        String s = text.trim();
        int comma = s.indexOf(',');
        if (comma >= 0) {
            String steps = s.substring(0, comma).trim();
            String time = s.substring(comma + 1).trim();
            if (!steps.matches("\\d+") || time.matches("\\d+")) {
                throw notAllowed(text);
            }
            WarmupSpec spec = new WarmupSpec(parseSteps(steps, text), parseTime(time, text));
            return spec.steps == 0 || spec.nanos == 0 ? NONE : spec; // a zero limit is reached at once
        }
        return s.matches("\\d+") ? new WarmupSpec(parseSteps(s, text), 0) : new WarmupSpec(0, parseTime(s, text));
    }

    private static long parseSteps(String steps, String text) {
        try {
            return Long.parseLong(steps);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too many steps");
        }
    }

    private static long parseTime(String time, String text) {
        try {
            return Durations.parseNanos(time);
        } catch (IllegalArgumentException e) {
            throw notAllowed(text);
        }
    }

    private static IllegalArgumentException notAllowed(String text) {
        return new IllegalArgumentException("'" + text + "' is not allowed; give a number of steps (20), a duration "
                + "(2s, 500ms) or both (5000,30s: the steps, for no longer than the duration)");
    }

    public boolean none() {
        return steps == 0 && nanos == 0;
    }

    /** This warm-up, ending no later than {@code maxNanos} (0: no limit) on top of its own limits. */
    public WarmupSpec atMost(long maxNanos) {
        if (none() || maxNanos <= 0 || (nanos > 0 && nanos <= maxNanos)) {
            return this;
        }
        return new WarmupSpec(steps, maxNanos);
    }

    /** Whether a warm-up that has run {@code steps} steps for {@code elapsedNanos} is over. */
    public boolean reached(long stepsRun, long elapsedNanos) {
        return none() || (steps > 0 && stepsRun >= steps) || (nanos > 0 && elapsedNanos >= nanos);
    }

    @Override
    public String toString() {
        if (steps > 0 && nanos > 0) {
            return steps + "," + Durations.format(nanos);
        }
        return nanos > 0 ? Durations.format(nanos) : Long.toString(steps);
    }
}
