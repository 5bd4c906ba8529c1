package io.jharness.engine.nativeabi;

import static io.jharness.engine.nativeabi.bindings.jharness_engine_h.JH_ABI_VERSION;
import static io.jharness.engine.nativeabi.bindings.jharness_engine_h.JH_ERR_INVALID_ARGUMENT;
import static io.jharness.engine.nativeabi.bindings.jharness_engine_h.JH_ERR_OUT_OF_MEMORY;
import static io.jharness.engine.nativeabi.bindings.jharness_engine_h.JH_ERR_RUNTIME;
import static io.jharness.engine.nativeabi.bindings.jharness_engine_h.JH_FLAG_ROWS_ARE_SLOTS;
import static io.jharness.engine.nativeabi.bindings.jharness_engine_h.JH_OK;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineException;
import io.jharness.engine.EngineInfo;
import io.jharness.engine.EngineSession;
import io.jharness.engine.cuda.CudaDriver;
import io.jharness.engine.cuda.CudaEventStepTimer;
import io.jharness.engine.cuda.CudaStreams;
import io.jharness.engine.timing.HostClockStepTimer;
import io.jharness.engine.timing.NanoClock;
import io.jharness.engine.timing.StepTimer;
import io.jharness.engine.nativeabi.bindings.jh_info;
import io.jharness.engine.nativeabi.bindings.jharness_engine_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import jcuda.driver.CUstream;

/**
 * An engine in a shared library that implements {@code native/include/jharness_engine.h}, called
 * through the generated FFM bindings. It owns the {@code jh_engine} and a shared arena for what lives
 * as long as it does (the configuration string, the {@code jh_info}, the out-pointer of
 * {@code jh_open}); each session owns the arena of its step buffers.
 *
 * <p>Every status other than {@code JH_OK} becomes an exception carrying {@code jh_last_error()}, read
 * right after the failing call on the thread that made it (the message is per thread and lives until
 * that thread's next call). While the engine is being created or a session opened,
 * {@code JH_ERR_INVALID_ARGUMENT} means the user asked for something the engine cannot be, so it
 * becomes an {@link EngineConfigException}; everything else, and every failure of a step, is an
 * {@link EngineException}.
 *
 * <p>The ABI allows one open session per engine, and this class enforces it. Calls may come from any
 * thread, one at a time (the arenas are shared, so a runner thread may drive an engine created on
 * another).
 */
public final class NativeEngine implements Engine {

    private final NativeLibrary library;
    private final Arena arena;
    private final MemorySegment handle;
    private final MemorySegment sessionOut;
    private final EngineInfo info;
    private final int flags;
    private final boolean gpuTimer;
    /** The CUDA device the library runs on ({@code jh_info.device} "cuda:N ..."), or -1. */
    private final int cudaDevice;
    private NativeSession openSession;
    /** The open session's {@code jh_stream}, for CUDA-event timers; null when none is open or on the CPU. */
    private volatile CUstream sessionStream;
    private boolean closed;

    private NativeEngine(NativeLibrary library, String config, boolean gpuTimer) {
        this.library = library;
        this.gpuTimer = gpuTimer;
        this.arena = Arena.ofShared();
        MemorySegment engine = MemorySegment.NULL;
        try {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            int status;
            try {
                status = jharness_engine_h.jh_create(arena.allocateFrom(config), out);
            } catch (ExceptionInInitializerError e) {
                if (e.getCause() instanceof IllegalCallerException) {
                    throw new EngineConfigException(NativeLibrary.NATIVE_ACCESS_HINT);
                }
                throw e;
            }
            if (status != JH_OK()) {
                throw failure(status, "jh_create", true);
            }
            engine = out.get(ValueLayout.ADDRESS, 0);
            if (engine.equals(MemorySegment.NULL)) {
                throw new EngineException(library.name() + ": jh_create returned JH_OK and no engine");
            }
            MemorySegment infoSegment = jh_info.allocate(arena);
            status = jharness_engine_h.jh_get_info(engine, infoSegment);
            if (status != JH_OK()) {
                throw failure(status, "jh_get_info", true);
            }
            this.flags = jh_info.flags(infoSegment);
            this.info = info(library, infoSegment);
            this.cudaDevice = EngineInfo.cudaDeviceIndex(info.device());
            this.handle = engine;
            this.sessionOut = out;
        } catch (RuntimeException | Error e) {
            if (!engine.equals(MemorySegment.NULL)) {
                jharness_engine_h.jh_destroy(engine);
            }
            arena.close();
            throw e;
        }
    }

    /**
     * Creates an engine from a checked and bound library.
     *
     * @param config the configuration string for {@code jh_create}: {@code key=value;key=value}, may be empty
     */
    static NativeEngine create(NativeLibrary library, String config) {
        return create(library, config, true);
    }

    /**
     * @param gpuTimer whether steps of a CUDA engine are timed with CUDA events on its stream
     */
    static NativeEngine create(NativeLibrary library, String config, boolean gpuTimer) {
        return new NativeEngine(library, config, gpuTimer);
    }

    private static EngineInfo info(NativeLibrary library, MemorySegment s) {
        int vocab = jh_info.vocab_size(s);
        int maxBatch = jh_info.max_batch(s);
        int maxSeqLen = jh_info.max_seq_len(s);
        if (vocab < 1 || maxBatch < 1 || maxSeqLen < 2) {
            throw new EngineException(library.name() + ": jh_get_info describes no usable engine (vocab_size "
                    + vocab + ", max_batch " + maxBatch + ", max_seq_len " + maxSeqLen + ")");
        }
        String device = cString(jh_info.device(s));
        String dtype = cString(jh_info.dtype(s));
        String name = cString(jh_info.name(s));
        // The model alone, so runs of one model through different engines compare; which library
        // and which of its engines ran is in the versions.
        String model = cString(jh_info.model(s));
        return new EngineInfo(
                "native",
                model.isEmpty() ? library.name() : model,
                device.isEmpty() ? "unknown" : device,
                dtype.isEmpty() ? "unknown" : dtype,
                vocab,
                maxBatch,
                maxSeqLen,
                "wall",
                false,
                Map.of("abi", Integer.toString(JH_ABI_VERSION()), "library", library.path().toString(),
                        "library_engine", name.isEmpty() ? library.name() : name));
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    /**
     * CUDA events on the open session's stream ({@code jh_stream}) when the library runs on a CUDA
     * device ({@code jh_info.device} "cuda:N ...") and the driver is usable; the host clock
     * otherwise. The stream is looked up at each step, since sessions open after the timer is made.
     */
    @Override
    public StepTimer newStepTimer() {
        if (gpuTimer && cudaDevice >= 0 && CudaDriver.available()) {
            return CudaEventStepTimer.onStreams(cudaDevice, () -> sessionStream);
        }
        return new HostClockStepTimer(NanoClock.SYSTEM);
    }

    /** The library's path. */
    public java.nio.file.Path library() {
        return library.path();
    }

    /** Whether the engine sets {@code JH_FLAG_ROWS_ARE_SLOTS}: row i of every step must be slot i. */
    public boolean rowsAreSlots() {
        return (flags & JH_FLAG_ROWS_ARE_SLOTS()) != 0;
    }

    @Override
    public EngineSession open(int maxBatch, int maxSeqLen) {
        if (closed) {
            throw new EngineException("the engine is closed");
        }
        if (openSession != null) {
            throw new EngineException("the native engine has a session open already; close it first "
                    + "(jharness_engine.h allows one session per engine at a time)");
        }
        int status = jharness_engine_h.jh_open(handle, maxBatch, maxSeqLen, sessionOut);
        if (status != JH_OK()) {
            throw failure(status, "jh_open", true);
        }
        MemorySegment session = sessionOut.get(ValueLayout.ADDRESS, 0);
        if (session.equals(MemorySegment.NULL)) {
            throw new EngineException(library.name() + ": jh_open returned JH_OK and no session");
        }
        if (maxBatch < 1 || maxSeqLen < 1) {
            jharness_engine_h.jh_close(session);
            throw new EngineConfigException("a session of " + maxBatch + " slots of " + maxSeqLen
                    + " tokens is not allowed (" + library.name() + " accepted it)");
        }
        try {
            openSession = new NativeSession(this, session, maxBatch, maxSeqLen, rowsAreSlots());
            long stream = openSession.stream().address();
            sessionStream = stream != 0 && cudaDevice >= 0 && CudaDriver.available()
                    ? CudaStreams.of(stream) : null;
        } catch (RuntimeException | OutOfMemoryError e) {
            jharness_engine_h.jh_close(session);
            if (e instanceof OutOfMemoryError) {
                throw new EngineException("allocating the step buffers of a session of " + maxBatch + " slots of "
                        + maxSeqLen + " tokens failed: " + e.getMessage());
            }
            throw e;
        }
        return openSession;
    }

    /** Called by a session when it closes. */
    void closed(NativeSession session) {
        if (openSession == session) {
            openSession = null;
            sessionStream = null;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (openSession != null) {
            openSession.close();
        }
        jharness_engine_h.jh_destroy(handle);
        arena.close();
    }

    /**
     * The exception for a failed call, with the engine's message.
     *
     * @param setup whether the call creates the engine or opens a session, where
     *              {@code JH_ERR_INVALID_ARGUMENT} is a configuration error
     */
    EngineException failure(int status, String function, boolean setup) {
        String error = lastError();
        String message = library.name() + ": " + (error.startsWith(function + ":") ? error : function + ": " + error)
                + " (" + statusName(status) + ")";
        return setup && status == JH_ERR_INVALID_ARGUMENT()
                ? new EngineConfigException(message)
                : new EngineException(message);
    }

    /** The calling thread's {@code jh_last_error()}, on one line; a placeholder when it is empty. */
    static String lastError() {
        String message = cString(jharness_engine_h.jh_last_error(), 4096).strip().replaceAll("\\s*\\R\\s*", " ");
        return message.isEmpty() ? "the engine gave no message" : message;
    }

    static String statusName(int status) {
        if (status == JH_ERR_INVALID_ARGUMENT()) {
            return "JH_ERR_INVALID_ARGUMENT";
        } else if (status == JH_ERR_OUT_OF_MEMORY()) {
            return "JH_ERR_OUT_OF_MEMORY";
        } else if (status == JH_ERR_RUNTIME()) {
            return "JH_ERR_RUNTIME";
        } else if (status == JH_OK()) {
            return "JH_OK";
        }
        return "unknown status " + status;
    }

    /** A NUL-terminated string in a bounded segment (a {@code char[N]} field); all of it when there is no NUL. */
    static String cString(MemorySegment s) {
        return cString(s, s.byteSize());
    }

    /** A NUL-terminated string of at most {@code max} bytes at {@code s}; "" for NULL. */
    static String cString(MemorySegment s, long max) {
        if (s.equals(MemorySegment.NULL)) {
            return "";
        }
        MemorySegment bytes = s.byteSize() < max ? s : s.reinterpret(max);
        long n = 0;
        long limit = Math.min(max, bytes.byteSize());
        while (n < limit && bytes.get(ValueLayout.JAVA_BYTE, n) != 0) {
            n++;
        }
        return new String(bytes.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }
}
