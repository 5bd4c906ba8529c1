package io.jharness.engine.timing;

/**
 * Where a step's device time goes when a timer reports it after the step
 * ({@link StepTimer#deferGpuTimes()}), together with the step's wall time so the two stay paired.
 */
@FunctionalInterface
public interface GpuTimeSink {

    /**
     * @param wallNanos the step's wall time, as {@link StepTimer#wallNanos()} reported it
     * @param gpuNanos  its device time
     */
    void onGpuTime(long wallNanos, long gpuNanos);
}
