package io.jharness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EngineInfoTest {

    @Test
    void cudaDeviceIndexReadsTheLeadingCudaN() {
        assertEquals(0, EngineInfo.cudaDeviceIndex("cuda:0 (NVIDIA H100 80GB HBM3)"));
        assertEquals(3, EngineInfo.cudaDeviceIndex("cuda:3"));
        assertEquals(-1, EngineInfo.cudaDeviceIndex("cpu"));
        assertEquals(-1, EngineInfo.cudaDeviceIndex("cpu (simulated)"));
        assertEquals(-1, EngineInfo.cudaDeviceIndex("not cuda:1"));
        assertEquals(-1, EngineInfo.cudaDeviceIndex(null));
    }
}
