package io.jharness.engine.cuda;

import java.lang.reflect.Constructor;
import jcuda.driver.CUstream;

/**
 * JCuda handles for streams that other code created: a native engine hands the harness its
 * {@code cudaStream_t} as a bare address ({@code jh_stream}), and the CUDA runtime's streams are the
 * driver's {@code CUstream}s, so events recorded on that handle land on the engine's stream.
 */
public final class CudaStreams {

    private static final Constructor<CUstream> FROM_ADDRESS;

    static {
        try {
            // JCuda builds a CUstream from an address only through a package-private constructor;
            // JCuda is on the class path (unnamed module), so reflection may open it.
            FROM_ADDRESS = CUstream.class.getDeclaredConstructor(long.class);
            FROM_ADDRESS.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("this JCuda has no CUstream(long) constructor: " + e);
        }
    }

    private CudaStreams() {}

    /**
     * The stream at {@code address} (a {@code cudaStream_t}/{@code CUstream} value); 0 is the legacy
     * default stream.
     */
    public static CUstream of(long address) {
        try {
            return FROM_ADDRESS.newInstance(address);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot wrap CUDA stream 0x" + Long.toHexString(address) + ": " + e, e);
        }
    }
}
