package io.jharness.harness.runner;

/**
 * Checked by the runners before every engine step: throws {@link PointStoppedException} once
 * the point's deadline has passed or the run was asked to stop. Must not allocate.
 */
@FunctionalInterface
public interface StepGuard {

    /** A guard that never stops anything. */
    StepGuard NONE = () -> {};

    void check();
}
