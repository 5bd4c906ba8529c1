package io.jharness.engine.mock;

/** How the mock engine spends a step's simulated cost. */
public enum MockClockMode {
    /** The time really passes (the thread waits), so the harness's wall-clock path is exercised. */
    REAL,
    /** A virtual clock advances by the cost; nothing waits, so long sweeps take milliseconds. */
    VIRTUAL
}
