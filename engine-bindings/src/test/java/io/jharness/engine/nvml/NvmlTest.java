package io.jharness.engine.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jharness.engine.nvml.bindings.nvml_h;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NvmlTest {

    private static void assumeNoNvml() {
        assumeTrue(nvml_h.libraryLoadFailure() != null, "libnvidia-ml.so.1 is here: this test is for machines without it");
    }

    @Test
    void openIsEmptyWithAOneLineReasonOnAMachineWithoutNvml() {
        assumeNoNvml();
        Optional<Nvml> nvml = Nvml.open();
        assertTrue(nvml.isEmpty());
        String reason = Nvml.unavailableReason();
        assertNotNull(reason);
        assertTrue(reason.contains("libnvidia-ml"), reason);
        assertFalse(reason.contains("\n"), reason);
    }

    @Test
    void unavailableReasonAnswersWithoutAnOpenFirst() {
        assumeNoNvml();
        // Whatever ran before in this JVM, asking alone gives the same reason
        String reason = Nvml.unavailableReason();
        assertTrue(reason.contains("libnvidia-ml"), reason);
    }

    @Test
    void errorsNameTheCallTheCodeAndNvmlsText() {
        NvmlException e = new NvmlException("nvmlDeviceGetHandleByIndex_v2", 2, "Invalid Argument");
        assertEquals("nvmlDeviceGetHandleByIndex_v2 failed: NVML_ERROR_INVALID_ARGUMENT (2): Invalid Argument", e.getMessage());
        assertEquals(2, e.code());
        assertEquals("nvmlDeviceGetHandleByIndex_v2", e.function());
        assertEquals("NVML_ERROR_UNKNOWN", NvmlException.codeName(999));
        assertEquals("nvmlReturn_t 77", NvmlException.codeName(77));
        assertEquals("nvmlInit_v2 failed: NVML_ERROR_DRIVER_NOT_LOADED (9)", new NvmlException("nvmlInit_v2", 9, null).getMessage());
    }

    @Test
    void throttleReasonsDecodeWithNvmlHsBits() {
        // nvml.h: nvmlClocksThrottleReason* / nvmlClocksEventReason*
        long[] bits = {0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100};
        String[] names = {"gpu_idle", "applications_clocks_setting", "sw_power_cap", "hw_slowdown", "sync_boost",
            "sw_thermal_slowdown", "hw_thermal_slowdown", "hw_power_brake_slowdown", "display_clock_setting"};
        ThrottleReason[] values = ThrottleReason.values();
        assertEquals(bits.length, values.length);
        for (int i = 0; i < bits.length; i++) {
            assertEquals(bits[i], values[i].bit(), values[i].name());
            assertEquals(names[i], values[i].label());
            assertEquals(List.of(names[i]), ThrottleReason.names(bits[i]));
        }
        assertEquals(List.of(), ThrottleReason.names(0));
        assertEquals(List.of("gpu_idle", "hw_thermal_slowdown", "bit_12"), ThrottleReason.names(0x1 | 0x40 | 1L << 12));
        assertEquals(List.of("bit_63"), ThrottleReason.names(Long.MIN_VALUE));
    }

    /** Run in a child JVM that denies native access. */
    public static final class DeniedMain {
        public static void main(String[] args) {
            try {
                if (args[0].equals("open")) {
                    Nvml.open();
                } else {
                    TelemetrySampler.start(0, Duration.ofMillis(100)).stop();
                }
                System.out.println("no exception");
            } catch (IllegalCallerException e) {
                System.out.println("IllegalCallerException: " + e.getMessage());
            }
        }
    }

    private static String runDenied(String what) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classpath = String.join(File.pathSeparator,
                Path.of(Nvml.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                Path.of(NvmlTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        Process p = new ProcessBuilder(java, "--illegal-native-access=deny", "-cp", classpath, DeniedMain.class.getName(), what)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void deniedNativeAccessFailsFastWithTheFlagToUse() throws Exception {
        for (String what : List.of("open", "sampler")) {
            String out = runDenied(what);
            assertTrue(out.contains("IllegalCallerException: NVML telemetry needs native access"), what + ": " + out);
            assertTrue(out.contains("run java with --enable-native-access=ALL-UNNAMED"), what + ": " + out);
        }
    }
}
