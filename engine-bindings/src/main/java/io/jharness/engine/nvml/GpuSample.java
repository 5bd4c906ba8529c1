package io.jharness.engine.nvml;

import java.util.List;

/**
 * One reading of a GPU. A metric the device does not support ({@code NVML_ERROR_NOT_SUPPORTED},
 * e.g. power on some boards, utilization under MIG) reads {@code -1}, or {@code NaN} for power.
 *
 * @param timeNanos when the reading began, on {@link System#nanoTime()}
 * @param memUsedBytes device memory in use ({@code nvmlMemory_t.used})
 * @param memTotalBytes device memory in all ({@code nvmlMemory_t.total})
 * @param gpuUtilPercent percent of the last sample period in which a kernel ran
 * @param memUtilPercent percent of the last sample period in which device memory was read or written
 * @param smClockMhz the SM clock ({@code NVML_CLOCK_SM})
 * @param memClockMhz the memory clock ({@code NVML_CLOCK_MEM})
 * @param powerWatts board power ({@code nvmlDeviceGetPowerUsage}, which reports milliwatts)
 * @param temperatureC GPU die temperature ({@code NVML_TEMPERATURE_GPU})
 * @param throttleReasons the clock throttle reasons mask; {@link ThrottleReason#names} decodes it
 */
public record GpuSample(
        long timeNanos,
        long memUsedBytes,
        long memTotalBytes,
        int gpuUtilPercent,
        int memUtilPercent,
        int smClockMhz,
        int memClockMhz,
        double powerWatts,
        int temperatureC,
        long throttleReasons) {

    /** The throttle reasons, decoded. */
    public List<String> throttleReasonNames() {
        return ThrottleReason.names(throttleReasons);
    }

    /** Milliwatts as NVML reports them to watts; a negative (unsupported) reading becomes NaN. */
    static double watts(long milliwatts) {
        return milliwatts < 0 ? Double.NaN : milliwatts / 1000.0;
    }
}
