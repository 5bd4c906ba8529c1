package io.jharness.harness.config;

import io.jharness.engine.timing.Durations;

/**
 * How long to warm up before measuring: a number of engine steps ({@code 20}) or a time on the
 * engine's clock ({@code 2s}, {@code 500ms}). Exactly one of the two is non-zero, or both are
 * zero for no warm-up.
 */
public record WarmupSpec(long steps, long nanos) {

    public static final WarmupSpec NONE = new WarmupSpec(0, 0);

    public WarmupSpec {
        if (steps < 0 || nanos < 0 || (steps > 0 && nanos > 0)) {
            throw new IllegalArgumentException("warm-up is a number of steps or a duration, not both");
        }
    }

    /**
     * Parses {@code 20} (steps) or {@code 2s}/{@code 500ms} (time).
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static WarmupSpec parse(String text) {
        String s = text.trim();
        if (s.matches("\\d+")) {
            try {
                return new WarmupSpec(Long.parseLong(s), 0);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is too many steps");
            }
        }
        try {
            return new WarmupSpec(0, Durations.parseNanos(s));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text
                    + "' is not allowed; give a number of steps (20) or a duration (2s, 500ms)");
        }
    }

    public boolean none() {
        return steps == 0 && nanos == 0;
    }

    @Override
    public String toString() {
        return nanos > 0 ? Durations.format(nanos) : Long.toString(steps);
    }
}
