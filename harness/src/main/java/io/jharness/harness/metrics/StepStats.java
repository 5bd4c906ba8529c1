package io.jharness.harness.metrics;

import io.jharness.engine.timing.GpuTimeSink;
import io.jharness.engine.timing.StepTimer;

import io.jharness.harness.results.StepTimeSummary;

/**
 * Wall and device times of one kind of step. Recording never allocates. Device times may arrive
 * after their step ({@link StepTimer#deferGpuTimes()}): then the wall time is recorded at once and
 * the device time, with the host overhead (wall minus device), when the timer delivers it.
 */
public final class StepStats implements GpuTimeSink {

    private final LatencyRecorder wall = new LatencyRecorder();
    private final LatencyRecorder gpu = new LatencyRecorder();
    private final LatencyRecorder overhead = new LatencyRecorder();

    /**
     * Records one step.
     *
     * @param wallNanos the step's wall time
     * @param gpuNanos  its device time, or a negative value when not measured
     */
    public void record(long wallNanos, long gpuNanos) {
        wall.record(wallNanos);
        if (gpuNanos >= 0) {
            gpu.record(gpuNanos);
            overhead.record(wallNanos - gpuNanos);
        }
    }

    /** Records the step {@code timer} just timed; a pending device time is delivered later. */
    public void record(StepTimer timer) {
        long gpuNanos = timer.gpuNanos();
        if (gpuNanos == StepTimer.PENDING) {
            wall.record(timer.wallNanos());
            timer.sendGpuTimeTo(this);
        } else {
            record(timer.wallNanos(), gpuNanos);
        }
    }

    @Override
    public void onGpuTime(long wallNanos, long gpuNanos) {
        gpu.record(gpuNanos);
        overhead.record(wallNanos - gpuNanos);
    }

    public long steps() {
        return wall.count();
    }

    public StepTimeSummary summary() {
        boolean hasGpu = gpu.count() > 0;
        return new StepTimeSummary(
                wall.count(),
                wall.totalNanos() / 1e9,
                wall.summary(),
                hasGpu ? gpu.totalNanos() / 1e9 : null,
                hasGpu ? gpu.summary() : null,
                hasGpu ? overhead.summary() : null);
    }
}
