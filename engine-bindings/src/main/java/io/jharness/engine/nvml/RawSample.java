package io.jharness.engine.nvml;

/**
 * A reusable, mutable reading that a {@link SampleSource} fills in place, so that taking a sample
 * allocates nothing. Unsupported metrics are {@code -1}; throttle reasons are {@code 0} when unknown.
 */
final class RawSample {
    long memUsedBytes = -1;
    long memTotalBytes = -1;
    int gpuUtilPercent = -1;
    int memUtilPercent = -1;
    int smClockMhz = -1;
    int memClockMhz = -1;
    long powerMilliwatts = -1;
    int temperatureC = -1;
    long throttleReasons;

    void clear() {
        memUsedBytes = -1;
        memTotalBytes = -1;
        gpuUtilPercent = -1;
        memUtilPercent = -1;
        smClockMhz = -1;
        memClockMhz = -1;
        powerMilliwatts = -1;
        temperatureC = -1;
        throttleReasons = 0;
    }

    GpuSample toSample(long timeNanos) {
        return new GpuSample(timeNanos, memUsedBytes, memTotalBytes, gpuUtilPercent, memUtilPercent,
                smClockMhz, memClockMhz, GpuSample.watts(powerMilliwatts), temperatureC, throttleReasons);
    }
}
