package io.jharness.engine.nativeabi;

import io.jharness.engine.EngineSession;
import java.lang.foreign.MemorySegment;

/**
 * Benchmark-only access (it lives in {@code harness/src/jmh}, compiled only in the {@code jmh}
 * profile) to a native session's package-private {@code jh_stream} call: the downcall a CUDA-event
 * timer would make to find the engine's stream.
 */
public final class NativeSessionAccess {

    private NativeSessionAccess() {}

    /** {@code jh_stream(session)} through {@link NativeSession#stream()}. */
    public static MemorySegment stream(EngineSession session) {
        return ((NativeSession) session).stream();
    }
}
