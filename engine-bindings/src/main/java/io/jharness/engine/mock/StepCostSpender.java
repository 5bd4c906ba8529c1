package io.jharness.engine.mock;

import java.util.concurrent.locks.LockSupport;

/** Spends a simulated step's cost: advances a virtual clock, or really waits. */
@FunctionalInterface
interface StepCostSpender {

    void spend(long nanos);

    /**
     * Waits {@code nanos} of wall time. Parking alone overshoots by tens of microseconds on Linux,
     * so it parks for the bulk and spins the last stretch.
     */
    static void waitFor(long nanos) {
        final long spinNanos = 200_000L;
        long deadline = System.nanoTime() + nanos;
        long left;
        while ((left = deadline - System.nanoTime()) > spinNanos) {
            LockSupport.parkNanos(left - spinNanos);
        }
        while (deadline - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
    }
}
