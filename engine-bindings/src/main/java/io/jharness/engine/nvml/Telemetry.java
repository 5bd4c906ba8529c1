package io.jharness.engine.nvml;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link TelemetrySampler} recorded for one GPU.
 *
 * <p>The summary figures cover every successful reading, including those taken after the sample
 * store filled up ({@code droppedSamples}); {@code samples} holds the first readings, in time order,
 * up to the sampler's capacity. Metrics the device does not support are left out of the summaries,
 * and a summary with nothing to summarize is {@code -1} ({@code NaN} for power).
 *
 * @param unavailableReason null when telemetry was recorded; otherwise why not, in one line (then
 *     there are no samples, the names are null and the summaries are empty)
 * @param deviceIndex the NVML device index asked for
 * @param deviceName e.g. {@code NVIDIA H100 80GB HBM3}
 * @param driverVersion e.g. {@code 570.133.20}
 * @param interval the sampling interval asked for
 * @param samples the readings kept, oldest first
 * @param droppedSamples readings taken once the store was full, counted in the summaries but not kept
 * @param failedReads readings that failed as a whole (e.g. {@code NVML_ERROR_GPU_IS_LOST})
 * @param firstError the first such failure's message, or null
 * @param peakMemUsedBytes the most device memory in use at any reading
 * @param memTotalBytes the device's memory
 * @param minSmClockMhz the lowest SM clock read
 * @param maxSmClockMhz the highest SM clock read
 * @param maxPowerWatts the highest board power read
 * @param maxTemperatureC the highest GPU temperature read
 * @param throttleReasonsMask the union of every reading's throttle reasons
 * @param throttleReasons that union, decoded ({@link ThrottleReason#names})
 */
public record Telemetry(
        String unavailableReason,
        int deviceIndex,
        String deviceName,
        String driverVersion,
        Duration interval,
        List<GpuSample> samples,
        long droppedSamples,
        long failedReads,
        String firstError,
        long peakMemUsedBytes,
        long memTotalBytes,
        int minSmClockMhz,
        int maxSmClockMhz,
        double maxPowerWatts,
        int maxTemperatureC,
        long throttleReasonsMask,
        List<String> throttleReasons) {

    public Telemetry {
        samples = List.copyOf(samples);
        throttleReasons = List.copyOf(throttleReasons);
    }

    /** Telemetry that was not recorded, and why. */
    public static Telemetry unavailable(int deviceIndex, Duration interval, String reason) {
        return new Telemetry(reason, deviceIndex, null, null, interval, List.of(), 0, 0, null,
                -1, -1, -1, -1, Double.NaN, -1, 0, List.of());
    }

    /** Whether anything was recorded (true even if every reading failed; see {@code failedReads}). */
    public boolean available() {
        return unavailableReason == null;
    }

    /** Successful readings in all: those kept plus those dropped. */
    public long readings() {
        return samples.size() + droppedSamples;
    }

    /** A one-line summary; the samples themselves are left out. */
    @Override
    public String toString() {
        if (!available()) {
            return "Telemetry[device " + deviceIndex + ": " + unavailableReason + "]";
        }
        return "Telemetry[device " + deviceIndex + " " + deviceName + ", driver " + driverVersion
                + ", every " + interval.toMillis() + " ms: " + samples.size() + " samples"
                + (droppedSamples > 0 ? " (+" + droppedSamples + " dropped)" : "")
                + (failedReads > 0 ? ", " + failedReads + " failed reads (first: " + firstError + ")" : "")
                + ", peak memory " + mib(peakMemUsedBytes) + " of " + mib(memTotalBytes)
                + ", SM clock " + minSmClockMhz + ".." + maxSmClockMhz + " MHz"
                + ", max power " + (Double.isNaN(maxPowerWatts) ? "n/a" : String.format(Locale.ROOT, "%.1f W", maxPowerWatts))
                + ", max temperature " + maxTemperatureC + " C"
                + ", throttle reasons " + throttleReasons + "]";
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : (bytes >> 20) + " MiB";
    }
}
