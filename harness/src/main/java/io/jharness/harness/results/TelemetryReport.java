package io.jharness.harness.results;

import io.jharness.engine.nvml.GpuSample;
import io.jharness.engine.nvml.Telemetry;
import java.util.List;

/**
 * GPU telemetry sampled through NVML during a run ({@code telemetry.json}), and its summary
 * (also in {@code run.json}).
 *
 * @param device           the GPU's name
 * @param driver           the NVIDIA driver's version
 * @param intervalMs       sampling interval
 * @param readings         samples read (kept + dropped past the store's capacity)
 * @param peakMemUsedMib   most device memory in use (NVML's count, which includes the driver's reserve)
 * @param memTotalMib      device memory
 * @param minSmClockMhz    lowest SM clock seen
 * @param maxSmClockMhz    highest SM clock seen
 * @param maxPowerWatts    highest power draw
 * @param maxTemperatureC  highest temperature
 * @param throttleReasons  every clock-throttle reason seen
 * @param samples          the timeline (only in telemetry.json; null in run.json)
 */
public record TelemetryReport(
        String device,
        String driver,
        long intervalMs,
        long readings,
        long peakMemUsedMib,
        long memTotalMib,
        int minSmClockMhz,
        int maxSmClockMhz,
        double maxPowerWatts,
        int maxTemperatureC,
        List<String> throttleReasons,
        List<Sample> samples) {

    /** One reading; time in ms from the start of the run. */
    public record Sample(double timeMs, long memUsedMib, int gpuUtilPercent, int memUtilPercent, int smClockMhz,
            int memClockMhz, double powerWatts, int temperatureC, long throttleReasons) {}

    /** The file the full report is written to, beside the run's other results. */
    public static final String FILE = "telemetry.json";

    private static final long MIB = 1024 * 1024;

    /** The report of recorded telemetry, with times relative to {@code startNanos}. */
    public static TelemetryReport of(Telemetry t, long startNanos) {
        List<Sample> samples = t.samples().stream().map(s -> sample(s, startNanos)).toList();
        return new TelemetryReport(t.deviceName(), t.driverVersion(), t.interval().toMillis(), t.readings(),
                t.peakMemUsedBytes() / MIB, t.memTotalBytes() / MIB, t.minSmClockMhz(), t.maxSmClockMhz(),
                t.maxPowerWatts(), t.maxTemperatureC(), t.throttleReasons(), samples);
    }

    /** The same without the timeline, for run.json. */
    public TelemetryReport summary() {
        return new TelemetryReport(device, driver, intervalMs, readings, peakMemUsedMib, memTotalMib, minSmClockMhz,
                maxSmClockMhz, maxPowerWatts, maxTemperatureC, throttleReasons, null);
    }

    private static Sample sample(GpuSample s, long startNanos) {
        return new Sample((s.timeNanos() - startNanos) / 1e6, s.memUsedBytes() / MIB, s.gpuUtilPercent(),
                s.memUtilPercent(), s.smClockMhz(), s.memClockMhz(), s.powerWatts(), s.temperatureC(),
                s.throttleReasons());
    }
}
