package io.jharness.harness.testing;

import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates while a piece of code runs (HotSpot's per-thread counter). */
public final class Allocations {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {}

    /** Bytes allocated by this thread while {@code code} ran. */
    public static long of(Runnable code) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        code.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
