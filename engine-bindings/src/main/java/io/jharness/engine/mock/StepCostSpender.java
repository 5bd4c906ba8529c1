package io.jharness.engine.mock;

import io.jharness.engine.timing.NanoClock;

/** Spends a simulated step's cost: advances a virtual clock, or really waits. */
@FunctionalInterface
interface StepCostSpender {

    void spend(long nanos);

    /** Waits {@code nanos} of wall time on the host clock. */
    static void waitFor(long nanos) {
        NanoClock.SYSTEM.waitUntil(System.nanoTime() + nanos);
    }
}
