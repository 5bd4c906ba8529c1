package io.jharness.harness.charts;

import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.TelemetryReport;
import io.jharness.harness.results.TelemetryReport.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Hand-built GPU telemetry for the chart tests. */
final class TelemetryFixtures {

    static final long GPU_IDLE = 0x1;
    static final long SW_POWER_CAP = 0x4;
    static final long HW_THERMAL_SLOWDOWN = 0x40;
    /** H100 SXM: 80 GB. */
    static final long MEM_TOTAL_MIB = 81_559;

    private TelemetryFixtures() {}

    /**
     * 300 readings 100 ms apart of an H100-like GPU: idle for 2 s, the SM clock ramping up to
     * 1,980 MHz by 4 s, memory filling to 70 GiB; a power-cap throttle from 15 s to 21 s, the
     * clock down to about 1,650 MHz at 700 W; idle again for the last 2 s.
     */
    static TelemetryReport h100() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double t = i * 0.1 + 0.05;
            boolean idle = t < 2 || t > 28;
            boolean capped = t >= 15 && t < 21;
            int sm = idle ? 345 : t < 4 ? (int) (345 + (1980 - 345) * (t - 2) / 2) : capped ? 1650 - (i % 5) * 15 : 1980;
            double power = idle ? 72 + (i % 3) : capped ? 699 + (i % 2) : 560 + (i % 7) * 12;
            int temp = (int) Math.min(71, 34 + t * 2.2);
            long mem = t < 1.5 ? 1_024 : t < 3 ? (long) (1_024 + (71_680 - 1_024) * (t - 1.5) / 1.5) : 71_680;
            int util = idle ? 0 : 92 + i % 8;
            int memUtil = idle ? 0 : 38 + (i * 7) % 25;
            long throttle = idle ? GPU_IDLE : capped ? SW_POWER_CAP : 0;
            samples.add(new Sample(t * 1000, mem, util, memUtil, sm, idle ? 1593 : 2619, power, temp, throttle));
        }
        return new TelemetryReport("NVIDIA H100 80GB HBM3", "570.133.20", 100, 300, 71_680, MEM_TOTAL_MIB,
                345, 1980, 700.0, 71, List.of("gpu_idle", "sw_power_cap"), samples);
    }

    /**
     * 100,000 noisy readings about 100 ms apart (2.8 hours): a power-cap throttle now and then,
     * a single reading of thermal slowdown every 997.
     */
    static TelemetryReport long100k() {
        Random r = new Random(1);
        List<Sample> samples = new ArrayList<>();
        double t = 0;
        for (int i = 0; i < 100_000; i++) {
            t += 100 + r.nextGaussian() * 0.3;
            boolean capped = (i / 5000) % 3 == 1 && i % 5000 < 800;
            long throttle = capped ? SW_POWER_CAP : i % 997 == 0 ? HW_THERMAL_SLOWDOWN : 0;
            samples.add(new Sample(t, 70_000 + r.nextInt(500), 90 + r.nextInt(10), 30 + r.nextInt(40),
                    capped ? 1600 + r.nextInt(100) : 1980, 2619, 550 + r.nextDouble() * 150, 60 + r.nextInt(10),
                    throttle));
        }
        return new TelemetryReport("NVIDIA H100 80GB HBM3", "570.133.20", 100, 120_000, 70_500, MEM_TOTAL_MIB,
                1600, 1980, 700, 69, List.of("sw_power_cap", "hw_thermal_slowdown"), samples);
    }

    /** A small GPU that reads no power, temperature or utilisation (-1, NaN), never throttled. */
    static TelemetryReport unsupported() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            samples.add(new Sample(i * 200.0, 600 + i * 10, -1, -1, 1200 + i, 5000, Double.NaN, -1, 0));
        }
        return new TelemetryReport("Some GPU", "550.1", 200, 50, 1090, 1536, 1200, 1249, Double.NaN, -1,
                List.of(), samples);
    }

    static RunReport report(TelemetryReport telemetry) {
        return new RunReport(ChartFixtures.metadata("throughput", false), ChartFixtures.sweep(), null, null, null,
                null, telemetry);
    }
}
