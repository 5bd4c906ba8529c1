package io.jharness.harness.config;

import io.jharness.engine.timing.Durations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A service-level objective: upper bounds on TTFT, TPOT, ITL and E2E latency, written
 * {@code ttft=200ms,tpot=50ms}. A request meets it when each of its own figures is within its
 * bound (its TTFT, its TPOT, its largest inter-token gap, its E2E); a run meets it at p99 when
 * the p99 of each is.
 */
public record SloSpec(String text, Map<String, Long> boundsNanos) {

    public static final List<String> METRICS = List.of("ttft", "tpot", "itl", "e2e");

    public SloSpec {
        boundsNanos = Map.copyOf(boundsNanos);
    }

    /**
     * @throws IllegalArgumentException naming the part and what is allowed
     */
    public static SloSpec parse(String text) {
        Map<String, Long> bounds = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part.trim() : part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (eq < 0 || !METRICS.contains(key)) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not allowed; write metric=duration pairs "
                        + "with metrics ttft, tpot, itl, e2e, e.g. ttft=200ms,tpot=50ms");
            }
            long nanos;
            try {
                nanos = Durations.parseNanos(part.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage());
            }
            if (nanos <= 0) {
                throw new IllegalArgumentException(key + " bound must be above zero");
            }
            bounds.put(key, nanos);
        }
        return new SloSpec(text.trim(), bounds);
    }

    /** The bound of a metric in nanoseconds, or {@code Long.MAX_VALUE} when it has none. */
    public long bound(String metric) {
        return boundsNanos.getOrDefault(metric, Long.MAX_VALUE);
    }

    @Override
    public String toString() {
        return text;
    }
}
