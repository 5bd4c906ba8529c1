package io.jharness.engine.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jharness.engine.nvml.bindings.nvml_h;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TelemetrySamplerTest {

    /**
     * Reading n (from 0) reports memory used n MiB, SM clock 1000 + n MHz, power n W, temperature
     * 30 + n C and utilization n % (mod 101), unless a test overrides a reading.
     */
    static class FakeSource implements SampleSource {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        volatile Thread readerThread;

        @Override
        public String deviceName() {
            return "Fake GPU";
        }

        @Override
        public String driverVersion() {
            return "0.0.1";
        }

        @Override
        public void read(RawSample into) {
            int n = reads.getAndIncrement();
            readerThread = Thread.currentThread();
            into.memUsedBytes = (long) n << 20;
            into.memTotalBytes = 80L << 30;
            into.gpuUtilPercent = n % 101;
            into.memUtilPercent = n % 101;
            into.smClockMhz = 1000 + n;
            into.memClockMhz = 2619;
            into.powerMilliwatts = n * 1000L;
            into.temperatureC = 30 + n;
            into.throttleReasons = 0;
            adjust(n, into);
        }

        void adjust(int n, RawSample into) {}

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void onAMachineWithoutNvmlTheSamplerRecordsNothingAndSaysWhy() throws InterruptedException {
        assumeTrue(nvml_h.libraryLoadFailure() != null, "libnvidia-ml.so.1 is here: this test is for machines without it");
        try (TelemetrySampler sampler = TelemetrySampler.start(0, Duration.ofMillis(5))) {
            assertFalse(sampler.available());
            assertTrue(sampler.unavailableReason().contains("libnvidia-ml"), sampler.unavailableReason());
            Thread.sleep(20);
            Telemetry t = sampler.stop();
            assertFalse(t.available());
            assertEquals(sampler.unavailableReason(), t.unavailableReason());
            assertTrue(t.samples().isEmpty());
            assertEquals(0, t.readings());
            assertNull(t.deviceName());
            assertEquals(-1, t.peakMemUsedBytes());
            assertTrue(Double.isNaN(t.maxPowerWatts()));
            assertEquals(List.of(), t.throttleReasons());
            assertTrue(t.toString().contains("libnvidia-ml"), t.toString());
            assertSame(t, sampler.stop());
        }
    }

    @Test
    void keepsTheFirstCapacityReadingsAndCountsTheRestButSummarizesAll() {
        FakeSource source = new FakeSource() {
            @Override
            void adjust(int n, RawSample into) {
                if (n == 9) {
                    into.memUsedBytes = 70L << 30; // the peak comes after the store is full
                    into.throttleReasons = ThrottleReason.HW_THERMAL_SLOWDOWN.bit();
                }
                if (n == 2) {
                    into.throttleReasons = ThrottleReason.SW_POWER_CAP.bit() | ThrottleReason.GPU_IDLE.bit();
                }
            }
        };
        TelemetrySampler sampler = new TelemetrySampler(3, source, Duration.ofMillis(100), 5);
        for (int i = 0; i < 12; i++) {
            sampler.recordOne();
        }
        Telemetry t = sampler.stop();

        assertTrue(t.available());
        assertEquals(3, t.deviceIndex());
        assertEquals("Fake GPU", t.deviceName());
        assertEquals("0.0.1", t.driverVersion());
        assertEquals(5, t.samples().size());
        assertEquals(7, t.droppedSamples());
        assertEquals(12, t.readings());
        for (int i = 0; i < 5; i++) {
            GpuSample s = t.samples().get(i);
            assertEquals((long) i << 20, s.memUsedBytes(), "sample " + i);
            assertEquals(1000 + i, s.smClockMhz());
            assertEquals(i, s.powerWatts(), 1e-9);
            assertEquals(30 + i, s.temperatureC());
            assertEquals(80L << 30, s.memTotalBytes());
            if (i > 0) {
                assertTrue(s.timeNanos() >= t.samples().get(i - 1).timeNanos());
            }
        }
        assertEquals(List.of("gpu_idle", "sw_power_cap"), t.samples().get(2).throttleReasonNames());
        // The summaries include the dropped readings
        assertEquals(70L << 30, t.peakMemUsedBytes());
        assertEquals(80L << 30, t.memTotalBytes());
        assertEquals(1000, t.minSmClockMhz());
        assertEquals(1011, t.maxSmClockMhz());
        assertEquals(11.0, t.maxPowerWatts(), 1e-9);
        assertEquals(41, t.maxTemperatureC());
        assertEquals(0x1 | 0x4 | 0x40, t.throttleReasonsMask());
        assertEquals(List.of("gpu_idle", "sw_power_cap", "hw_thermal_slowdown"), t.throttleReasons());
        assertEquals(0, t.failedReads());
        assertEquals(1, source.closes.get());
        assertTrue(t.toString().contains("5 samples (+7 dropped)"), t.toString());
    }

    @Test
    void exactlyCapacityReadingsDropNothing() {
        FakeSource source = new FakeSource();
        TelemetrySampler sampler = new TelemetrySampler(0, source, Duration.ofMillis(100), 5);
        for (int i = 0; i < 5; i++) {
            sampler.recordOne();
        }
        Telemetry t = sampler.stop();
        assertEquals(5, t.samples().size());
        assertEquals(0, t.droppedSamples());
        assertSame(t, sampler.stop());
        assertEquals(1, source.closes.get());
    }

    @Test
    void aFailedReadIsCountedAndNotRecorded() {
        FakeSource source = new FakeSource() {
            @Override
            void adjust(int n, RawSample into) {
                if (n == 1 || n == 3) {
                    throw new NvmlException("nvmlDeviceGetMemoryInfo", 15, "GPU is lost");
                }
            }
        };
        TelemetrySampler sampler = new TelemetrySampler(0, source, Duration.ofMillis(100), 10);
        for (int i = 0; i < 5; i++) {
            sampler.recordOne();
        }
        Telemetry t = sampler.stop();
        assertEquals(3, t.samples().size());
        assertEquals(2, t.failedReads());
        assertEquals("nvmlDeviceGetMemoryInfo failed: NVML_ERROR_GPU_IS_LOST (15): GPU is lost", t.firstError());
        assertEquals(List.of(0L, 2L << 20, 4L << 20), t.samples().stream().map(GpuSample::memUsedBytes).toList());
    }

    @Test
    void unsupportedMetricsStayOutOfTheSummaries() {
        FakeSource source = new FakeSource() {
            @Override
            void adjust(int n, RawSample into) {
                into.powerMilliwatts = -1;
                into.temperatureC = -1;
                if (n == 0) {
                    into.smClockMhz = -1;
                }
            }
        };
        TelemetrySampler sampler = new TelemetrySampler(0, source, Duration.ofMillis(100), 10);
        for (int i = 0; i < 3; i++) {
            sampler.recordOne();
        }
        Telemetry t = sampler.stop();
        assertEquals(1001, t.minSmClockMhz());
        assertEquals(1002, t.maxSmClockMhz());
        assertTrue(Double.isNaN(t.maxPowerWatts()));
        assertEquals(-1, t.maxTemperatureC());
        assertTrue(Double.isNaN(t.samples().get(0).powerWatts()));
        assertEquals(-1, t.samples().get(0).smClockMhz());
    }

    @Test
    void noReadingsGiveEmptySummaries() {
        Telemetry t = new TelemetrySampler(0, new FakeSource(), Duration.ofMillis(100), 10).stop();
        assertTrue(t.available());
        assertEquals(0, t.readings());
        assertEquals(-1, t.minSmClockMhz());
        assertEquals(-1, t.maxSmClockMhz());
        assertEquals(-1, t.peakMemUsedBytes());
    }

    @Test
    void theBackgroundThreadSamplesOnADaemonThreadUntilStopped() throws InterruptedException {
        FakeSource source = new FakeSource();
        TelemetrySampler sampler = new TelemetrySampler(0, source, Duration.ofMillis(2), 1000).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (source.reads.get() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Telemetry t = sampler.stop();
        int reads = source.reads.get();
        assertTrue(reads >= 5, "reads: " + reads);
        assertEquals(reads, t.samples().size(), "every read recorded, the last one at stop included");
        Thread reader = source.readerThread;
        assertTrue(reader.isDaemon());
        assertEquals("nvml-telemetry-0", reader.getName());
        assertFalse(reader.isAlive());
        for (int i = 1; i < t.samples().size(); i++) {
            assertTrue(t.samples().get(i).timeNanos() > t.samples().get(i - 1).timeNanos());
        }
        assertEquals(1, source.closes.get());
        assertSame(t, sampler.stop());
        assertEquals(reads, source.reads.get(), "no reads after stop");
        assertThrows(IllegalStateException.class, sampler::start);
    }

    @Test
    void theIntervalIsKept() throws InterruptedException {
        FakeSource source = new FakeSource();
        TelemetrySampler sampler = new TelemetrySampler(0, source, Duration.ofMillis(20), 1000).start();
        Thread.sleep(210);
        Telemetry t = sampler.stop();
        // About 11 readings plus the last one at stop; allow for a slow machine, not for a busy loop
        assertTrue(t.samples().size() >= 3 && t.samples().size() <= 14, "samples: " + t.samples().size());
    }

    @Test
    void recordingAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        FakeSource source = new FakeSource();
        int n = 200_000;
        TelemetrySampler sampler = new TelemetrySampler(0, source, Duration.ofMillis(100), n);
        for (int i = 0; i < 50_000; i++) { // warm up; fills part of the store
            sampler.recordOne();
        }
        long tid = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            sampler.recordOne();
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 100_000, "allocated " + allocated + " bytes over 100,000 readings");
        sampler.stop();
    }

    @Test
    void badArgumentsAreRejectedOnEveryMachine() {
        assertThrows(IllegalArgumentException.class, () -> TelemetrySampler.create(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> TelemetrySampler.create(0, Duration.ofMillis(-5)));
        assertThrows(IllegalArgumentException.class, () -> TelemetrySampler.create(0, Duration.ofMillis(100), 0));
        assertThrows(NullPointerException.class, () -> TelemetrySampler.create(0, null));
    }
}
