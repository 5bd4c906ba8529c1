package io.jharness.harness.workload;

/**
 * How {@link TraceReader} reads a trace.
 *
 * @param timeScale multiplies every (relative) timestamp: {@code 2} replays twice as slowly, {@code 0.5}
 *     twice as fast; finite and above 0
 * @param limit read only the first {@code limit} valid requests of the file (in file order; reading
 *     stops there), {@code 0} for all of them
 * @param skipMalformed skip malformed lines and count them, instead of failing on the first one
 */
public record TraceOptions(double timeScale, int limit, boolean skipMalformed) {

    /** Real time, every request, malformed lines fatal. */
    public static final TraceOptions DEFAULTS = new TraceOptions(1.0, 0, false);

    public TraceOptions {
        if (!(timeScale > 0) || !Double.isFinite(timeScale)) {
            throw new IllegalArgumentException("trace time scale " + timeScale
                    + " is not allowed; it must be a finite number > 0 (2 = twice as slow, 0.5 = twice as fast)");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("trace limit " + limit + " is not allowed; use 0 for all requests or a count >= 1");
        }
    }
}
