package io.jharness.engine.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemsetD8Async;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;

/**
 * The memory bandwidth a GPU really delivers: a device-to-device copy between two buffers, timed
 * with CUDA events, best of several. It is the practical ceiling of any step that streams memory
 * (the datasheet peak is not reachable); a decode step that seems to move more bytes per second
 * than this was timed wrongly.
 *
 * <p>A copy of {@code n} bytes reads {@code n} and writes {@code n}, so the bandwidth is
 * {@code 2 × n / time}, the way memory-bandwidth benchmarks (e.g. NVIDIA's
 * {@code bandwidthTest}) count device-to-device copies.
 */
public final class CopyBandwidth {

    /** Size of each buffer by default: large enough that caches do not matter (the H100's L2 is 50 MB). */
    public static final long DEFAULT_BYTES = 1L << 30;
    /** Timed copies by default, after {@link #WARMUP} untimed ones. */
    public static final int DEFAULT_REPEATS = 10;
    static final int WARMUP = 2;

    /**
     * One measurement.
     *
     * @param device  the CUDA device index
     * @param gpuName its name, as the driver reports it
     * @param bytes   the size of the buffer copied
     * @param copyMs  each timed copy's time in ms, in the order run
     */
    public record Result(int device, String gpuName, long bytes, float[] copyMs) {

        /** The fastest copy, in ms. */
        public double bestMs() {
            return CopyBandwidth.best(copyMs);
        }

        /** The fastest copy's bandwidth, read + write, in GB/s (10^9 bytes per second). */
        public double gbPerSec() {
            return CopyBandwidth.gbPerSec(bytes, bestMs());
        }
    }

    private CopyBandwidth() {}

    /** Bandwidth of a copy of {@code bytes} that took {@code ms}: {@code 2 × bytes / time}, in GB/s. */
    public static double gbPerSec(long bytes, double ms) {
        if (!(ms > 0)) {
            throw new IllegalArgumentException("copy time must be positive: " + ms + " ms");
        }
        return 2.0 * bytes / (ms / 1e3) / 1e9;
    }

    /** The smallest of {@code times}. */
    static double best(float[] times) {
        if (times.length == 0) {
            throw new IllegalArgumentException("no copy was timed");
        }
        double best = Double.MAX_VALUE;
        for (float t : times) {
            best = Math.min(best, t);
        }
        return best;
    }

    /**
     * Allocates two buffers of {@code bytes} on {@code device}, copies one into the other
     * {@link #WARMUP} times untimed and then {@code repeats} times each between two CUDA events on
     * a stream of its own, and frees them. Runs in the device's primary context, so it shares the
     * GPU's memory with the engine: on a nearly full GPU the allocation fails (an exception).
     *
     * @throws IllegalStateException without a usable CUDA driver
     * @throws jcuda.CudaException   when the driver refuses (out of memory, ...)
     */
    public static Result measure(int device, long bytes, int repeats) {
        if (bytes <= 0 || repeats <= 0) {
            throw new IllegalArgumentException("bytes and repeats must be positive: " + bytes + ", " + repeats);
        }
        String name = CudaDriver.deviceName(device);
        CudaDriver.usePrimaryContext(device);
        CUdeviceptr src = new CUdeviceptr();
        CUdeviceptr dst = new CUdeviceptr();
        CUstream stream = new CUstream();
        CUevent start = new CUevent();
        CUevent end = new CUevent();
        boolean srcAllocated = false;
        boolean dstAllocated = false;
        boolean streamCreated = false;
        boolean startCreated = false;
        boolean endCreated = false;
        try {
            cuMemAlloc(src, bytes);
            srcAllocated = true;
            cuMemAlloc(dst, bytes);
            dstAllocated = true;
            cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING);
            streamCreated = true;
            cuEventCreate(start, CUevent_flags.CU_EVENT_DEFAULT);
            startCreated = true;
            cuEventCreate(end, CUevent_flags.CU_EVENT_DEFAULT);
            endCreated = true;
            // Touch both buffers so the first timed copy pays for no page mapping.
            cuMemsetD8Async(src, (byte) 1, bytes, stream);
            cuMemsetD8Async(dst, (byte) 0, bytes, stream);
            for (int i = 0; i < WARMUP; i++) {
                cuMemcpyDtoDAsync(dst, src, bytes, stream);
            }
            cuStreamSynchronize(stream);
            float[] times = new float[repeats];
            float[] ms = new float[1];
            for (int i = 0; i < repeats; i++) {
                cuEventRecord(start, stream);
                cuMemcpyDtoDAsync(dst, src, bytes, stream);
                cuEventRecord(end, stream);
                cuEventSynchronize(end);
                cuEventElapsedTime(ms, start, end);
                times[i] = ms[0];
            }
            return new Result(device, name, bytes, times);
        } finally {
            if (startCreated) {
                cuEventDestroy(start);
            }
            if (endCreated) {
                cuEventDestroy(end);
            }
            if (streamCreated) {
                cuStreamDestroy(stream);
            }
            if (dstAllocated) {
                cuMemFree(dst);
            }
            if (srcAllocated) {
                cuMemFree(src);
            }
            CudaDriver.releasePrimaryContext(device);
        }
    }
}
