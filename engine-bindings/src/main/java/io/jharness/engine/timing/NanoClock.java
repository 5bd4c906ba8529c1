package io.jharness.engine.timing;

/**
 * A monotonic clock in nanoseconds. {@link #SYSTEM} is the host's; the mock engine's
 * {@link VirtualClock} advances only when a simulated step "runs".
 */
@FunctionalInterface
public interface NanoClock {

    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();

    /**
     * Returns once the clock reads {@code deadline} or later. The host clock waits (parking for
     * the bulk, spinning the last stretch, since parking alone overshoots by tens of
     * microseconds); a virtual clock jumps.
     */
    default void waitUntil(long deadline) {
        final long spinNanos = 200_000L;
        long left;
        while ((left = deadline - nanoTime()) > spinNanos) {
            java.util.concurrent.locks.LockSupport.parkNanos(left - spinNanos);
        }
        while (deadline - nanoTime() > 0) {
            Thread.onSpinWait();
        }
    }
}
