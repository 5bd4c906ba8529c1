package io.jharness.engine.timing;

/**
 * A monotonic clock in nanoseconds. {@link #SYSTEM} is the host's; the mock engine's
 * {@link VirtualClock} advances only when a simulated step "runs".
 */
@FunctionalInterface
public interface NanoClock {

    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
