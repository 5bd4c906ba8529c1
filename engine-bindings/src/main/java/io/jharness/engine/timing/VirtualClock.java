package io.jharness.engine.timing;

/**
 * A clock that moves only when told to. A simulated engine advances it by the cost of each step,
 * so a sweep of thousands of requests "takes" minutes of virtual time in milliseconds of real
 * time, and the timings are exactly what the latency model says.
 *
 * <p>Not thread-safe: one engine and the harness thread driving it share it.
 */
public final class VirtualClock implements NanoClock {

    private long now;

    @Override
    public long nanoTime() {
        return now;
    }

    /** Jumps to {@code deadline} when it is ahead; nothing waits. */
    @Override
    public void waitUntil(long deadline) {
        if (deadline > now) {
            now = deadline;
        }
    }

    /** Moves the clock forward. */
    public void advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a clock cannot go back: " + nanos + " ns");
        }
        now += nanos;
    }
}
