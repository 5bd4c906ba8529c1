package io.jharness.engine.nvml;

import java.time.Duration;
import java.util.Optional;

/**
 * Checks the NVML path on a GPU machine: prints the driver, the device's name, one reading, and a
 * short {@link TelemetrySampler} run.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp engine-bindings/target/classes \
 *     io.jharness.engine.nvml.NvmlProbe [device-index [sample-millis]]
 * </pre>
 *
 * Exits 0 when everything worked, 2 when NVML is unavailable (the reason is printed), 1 on an error.
 */
public final class NvmlProbe {

    private NvmlProbe() {}

    public static void main(String[] args) throws InterruptedException {
        int index = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        long sampleMillis = args.length > 1 ? Long.parseLong(args[1]) : 1000;

        Optional<Nvml> opened = Nvml.open();
        if (opened.isEmpty()) {
            System.out.println(Nvml.unavailableReason());
            System.exit(2);
        }
        try (Nvml nvml = opened.get()) {
            System.out.println("driver:      " + nvml.driverVersion());
            System.out.println("devices:     " + nvml.deviceCount());
            Nvml.Device device = nvml.device(index);
            System.out.println("device " + index + ":    " + device.name());
            GpuSample s = device.sample();
            System.out.println("sample:      " + s);
            System.out.println("  memory     " + (s.memUsedBytes() >> 20) + " / " + (s.memTotalBytes() >> 20) + " MiB");
            System.out.println("  util       gpu " + s.gpuUtilPercent() + " %, memory " + s.memUtilPercent() + " %");
            System.out.println("  clocks     SM " + s.smClockMhz() + " MHz, memory " + s.memClockMhz() + " MHz");
            System.out.println("  power      " + s.powerWatts() + " W");
            System.out.println("  temp       " + s.temperatureC() + " C");
            System.out.println("  throttle   0x" + Long.toHexString(s.throttleReasons()) + " " + s.throttleReasonNames());
        } catch (NvmlException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }

        Telemetry t;
        try (TelemetrySampler sampler = TelemetrySampler.start(index, TelemetrySampler.DEFAULT_INTERVAL)) {
            Thread.sleep(sampleMillis);
            t = sampler.stop();
        }
        System.out.println("sampler:     " + t);
        if (!t.available() || t.samples().isEmpty()) {
            System.exit(1);
        }
    }
}
