package io.jharness.engine.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * The CUDA driver, through JCuda's driver API: whether there is a usable GPU, its name, the
 * driver's CUDA version, and the device's primary context (the one the CUDA runtime, and so
 * PyTorch, uses), so events recorded here land on the same timeline as the engine's work.
 */
public final class CudaDriver {

    private static volatile String unavailableReason;
    private static volatile boolean initialized;

    private CudaDriver() {}

    /**
     * Initializes the driver once. Returns null when CUDA is usable, otherwise why not. Checks
     * for the NVIDIA kernel driver first, so machines without one never load native code.
     */
    public static synchronized String unavailableReason() {
        if (initialized) {
            return unavailableReason;
        }
        initialized = true;
        if (!Files.exists(Path.of("/proc/driver/nvidia/version")) && !Files.exists(Path.of("/dev/nvidia0"))) {
            unavailableReason = "no NVIDIA driver on this machine";
            return unavailableReason;
        }
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
            int[] count = new int[1];
            cuDeviceGetCount(count);
            unavailableReason = count[0] > 0 ? null : "the CUDA driver reports no device";
        } catch (Throwable e) {
            // UnsatisfiedLinkError (no libcuda), CudaException: either way there is no usable GPU.
            unavailableReason = "the CUDA driver could not be initialized: " + e.getMessage();
        }
        return unavailableReason;
    }

    public static boolean available() {
        return unavailableReason() == null;
    }

    private static void require() {
        String why = unavailableReason();
        if (why != null) {
            throw new IllegalStateException(why);
        }
    }

    public static int deviceCount() {
        require();
        int[] count = new int[1];
        cuDeviceGetCount(count);
        return count[0];
    }

    public static String deviceName(int device) {
        require();
        CUdevice d = new CUdevice();
        cuDeviceGet(d, device);
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, d);
        int n = 0;
        while (n < name.length && name[n] != 0) {
            n++;
        }
        return new String(name, 0, n, StandardCharsets.US_ASCII);
    }

    /** The CUDA version the driver supports, e.g. {@code 13.0}. */
    public static String driverCudaVersion() {
        require();
        int[] v = new int[1];
        cuDriverGetVersion(v);
        return (v[0] / 1000) + "." + (v[0] % 1000) / 10;
    }

    /**
     * Retains the device's primary context and makes it current on the calling thread; pair
     * with {@link #releasePrimaryContext}.
     */
    public static void usePrimaryContext(int device) {
        require();
        CUdevice d = new CUdevice();
        cuDeviceGet(d, device);
        CUcontext ctx = new CUcontext();
        cuDevicePrimaryCtxRetain(ctx, d);
        cuCtxSetCurrent(ctx);
    }

    /** Drops the reference {@link #usePrimaryContext} took (the engine holds its own). */
    public static void releasePrimaryContext(int device) {
        require();
        CUdevice d = new CUdevice();
        cuDeviceGet(d, device);
        jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease(d);
    }
}
