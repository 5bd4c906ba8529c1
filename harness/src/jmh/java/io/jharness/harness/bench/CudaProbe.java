package io.jharness.harness.bench;

import io.jharness.engine.cuda.CudaDriver;

/**
 * Says whether {@link CudaTimerBenchmark} can run here, with the CUDA-event timer's own check:
 * prints {@code cuda: DEVICE NAME} and exits 0, or {@code no CUDA device: WHY} and exits 1.
 */
public final class CudaProbe {

    private CudaProbe() {}

    /**
     * For a benchmark's set-up: fails with the reason when there is no CUDA device, else makes
     * device 0's primary context current on the calling thread (release it in the tear-down).
     *
     * @param what what the benchmark measures, for the message
     */
    static void usePrimaryContextOrFail(String what) {
        String why = CudaDriver.unavailableReason();
        if (why != null) {
            throw new IllegalStateException("no CUDA device, so no " + what + " to measure: " + why);
        }
        CudaDriver.usePrimaryContext(0);
    }

    public static void main(String[] args) {
        String why = CudaDriver.unavailableReason();
        if (why != null) {
            System.out.println("no CUDA device: " + why);
            System.exit(1);
        }
        System.out.println("cuda: " + CudaDriver.deviceName(0) + " (driver CUDA " + CudaDriver.driverCudaVersion() + ")");
    }
}
