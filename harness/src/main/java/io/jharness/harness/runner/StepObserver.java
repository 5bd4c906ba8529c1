package io.jharness.harness.runner;

import io.jharness.engine.timing.StepKind;
import io.jharness.engine.timing.StepTimer;

/** Hears each timed step; reads the step's times from the timer. Must not allocate. */
@FunctionalInterface
interface StepObserver {

    StepObserver NONE = (kind, count, timer) -> {};

    void onStep(StepKind kind, int count, StepTimer timer);
}
