package io.jharness.harness.scheduler;

import io.jharness.engine.timing.Durations;
import java.util.List;
import java.util.Map;

/**
 * Reads the options of one scheduler ({@code --scheduler-opt key=value}) with errors that name the
 * scheduler, the key, the value and what is allowed. For {@link SchedulerProvider}s, including
 * users' own.
 */
public final class SchedulerOptions {

    private final String scheduler;
    private final Map<String, String> options;

    private SchedulerOptions(String scheduler, Map<String, String> options) {
        this.scheduler = scheduler;
        this.options = options;
    }

    /**
     * @param scheduler the scheduler's name, for messages
     * @param options   the options given; null means none
     * @param allowed   the keys this scheduler knows
     * @throws IllegalArgumentException for a key not in {@code allowed}
     */
    public static SchedulerOptions of(String scheduler, Map<String, String> options, List<String> allowed) {
        Map<String, String> given = options == null ? Map.of() : options;
        for (String key : given.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for the " + scheduler
                        + " scheduler; allowed: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)));
            }
        }
        return new SchedulerOptions(scheduler, given);
    }

    /** A whole number {@code >= min}, or {@code defaultValue} when the key is absent. */
    public int intAtLeast(String key, int min, int defaultValue, String meaning) {
        if (!options.containsKey(key)) {
            return defaultValue;
        }
        String value = options.get(key);
        int parsed;
        try {
            parsed = Integer.parseInt(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw bad(key, value, "a whole number >= " + min + meaning);
        }
        if (parsed < min) {
            throw bad(key, value, "a whole number >= " + min + meaning);
        }
        return parsed;
    }

    /** A duration such as {@code 50ms}, in nanoseconds, or {@code defaultNanos} when absent. */
    public long durationNanos(String key, long defaultNanos) {
        if (!options.containsKey(key)) {
            return defaultNanos;
        }
        String value = options.get(key);
        try {
            return Durations.parseNanos(value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            throw bad(key, value, "a duration with a unit (ns, us, ms, s, min), e.g. 50ms");
        }
    }

    /** One of {@code allowed}, or {@code defaultValue} when absent. */
    public String oneOf(String key, List<String> allowed, String defaultValue) {
        if (!options.containsKey(key)) {
            return defaultValue;
        }
        String value = options.get(key);
        String v = value == null ? "" : value.trim();
        if (!allowed.contains(v)) {
            throw bad(key, value, "one of " + String.join(", ", allowed));
        }
        return v;
    }

    private IllegalArgumentException bad(String key, String value, String allowed) {
        return new IllegalArgumentException("bad value '" + value + "' for option " + key + " of the "
                + scheduler + " scheduler: must be " + allowed);
    }
}
