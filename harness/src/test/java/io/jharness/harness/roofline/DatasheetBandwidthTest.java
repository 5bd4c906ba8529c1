package io.jharness.harness.roofline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class DatasheetBandwidthTest {

    /** Names as cuDeviceGetName / nvidia-smi report them. */
    @Test
    void knowsTheDataCenterGpusByTheirDriverNames() {
        assertEquals(3350, peak("NVIDIA H100 80GB HBM3"));
        assertEquals(2000, peak("NVIDIA H100 PCIe"));
        assertEquals(3900, peak("NVIDIA H100 NVL"));
        assertEquals(4800, peak("NVIDIA H200"));
        assertEquals(4800, peak("NVIDIA H200 NVL"));
        assertEquals(2039, peak("NVIDIA A100-SXM4-80GB"));
        assertEquals(1935, peak("NVIDIA A100 80GB PCIe"));
        assertEquals(1555, peak("NVIDIA A100-SXM4-40GB"));
        assertEquals(1555, peak("NVIDIA A100-PCIE-40GB"));
        assertEquals(864, peak("NVIDIA L40S"));
    }

    @Test
    void doesNotGuess() {
        assertTrue(DatasheetBandwidth.gbPerSec("NVIDIA GeForce RTX 4090").isEmpty());
        assertTrue(DatasheetBandwidth.gbPerSec("NVIDIA H100").isEmpty(), "which H100 is not said");
        assertTrue(DatasheetBandwidth.gbPerSec(null).isEmpty());
    }

    private static double peak(String name) {
        OptionalDouble v = DatasheetBandwidth.gbPerSec(name);
        assertTrue(v.isPresent(), name);
        return v.getAsDouble();
    }
}
