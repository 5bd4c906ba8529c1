package io.jharness.harness.runner;

import io.jharness.engine.timing.StepKind;
import io.jharness.engine.timing.StepTimer;
import io.jharness.harness.metrics.StepStats;

/**
 * The throughput sweep's observer: records each step's wall and device times into the prefill or
 * the decode {@link StepStats}. Allocates nothing per step.
 */
final class StepRecorder implements StepObserver {

    private final StepStats prefill = new StepStats();
    private final StepStats decode = new StepStats();

    @Override
    public void onStep(StepKind kind, int count, StepTimer timer) {
        (kind == StepKind.PREFILL ? prefill : decode).record(timer.wallNanos(), timer.gpuNanos());
    }

    StepStats prefill() {
        return prefill;
    }

    StepStats decode() {
        return decode;
    }
}
