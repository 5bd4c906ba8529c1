package io.jharness.engine.nvml;

import static io.jharness.engine.nvml.bindings.nvml_h.C_INT;
import static io.jharness.engine.nvml.bindings.nvml_h.C_LONG_LONG;
import static io.jharness.engine.nvml.bindings.nvml_h.C_POINTER;

import io.jharness.engine.nvml.bindings.nvml_h;
import io.jharness.engine.nvml.bindings.nvml_h.nvmlMemory_t;
import io.jharness.engine.nvml.bindings.nvml_h.nvmlUtilization_t;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.util.Optional;

/**
 * NVML, the NVIDIA Management Library, over the {@link nvml_h} bindings: open it, find devices, read
 * them. Every NVML status other than {@code NVML_SUCCESS} becomes an {@link NvmlException} carrying
 * NVML's own text ({@code nvmlErrorString}).
 *
 * <p>{@link #open()} never throws for a machine without NVML (every CPU machine, a container
 * without the driver mounted): it returns empty, and {@link #unavailableReason()} says why in one
 * line. It does throw, at once, when the JVM denies native access, since that is a launch mistake
 * that would otherwise silently disable telemetry everywhere.
 *
 * <p>An instance holds one {@code nvmlInit_v2} reference (NVML counts them) and owns a shared
 * {@link Arena} for the out-parameters of its calls, so that reading a device allocates nothing;
 * {@link #close()} calls {@code nvmlShutdown} and frees the arena.
 */
public final class Nvml implements AutoCloseable {

    /** What to do when the JVM denies native access. */
    static final String NATIVE_ACCESS_HINT = "run java with --enable-native-access=ALL-UNNAMED";

    private static volatile boolean probed;
    private static volatile String lastUnavailableReason;

    private final Arena arena;
    private final boolean eventReasons;
    private boolean closed;

    private Nvml(Arena arena) {
        this.arena = arena;
        // NVML 12.2 renamed the throttle-reasons call; the old name is still exported, but take the
        // new one where the driver has it, in case a later driver drops the old.
        this.eventReasons = nvml_h.nvmlDeviceGetCurrentClocksEventReasons$address().address() != 0;
    }

    /**
     * Loads {@code libnvidia-ml.so.1} and initializes NVML. Empty, with the reason in
     * {@link #unavailableReason()}, when the library cannot be loaded or NVML cannot be initialized.
     *
     * @throws IllegalCallerException when the JVM denies native access (the message says how to allow it)
     */
    public static Optional<Nvml> open() {
        Arena arena = Arena.ofShared();
        try {
            try {
                // This lookup, in the instance's arena, is the fail-fast point for native access and
                // the one place that learns the library is missing; the bindings keep their own.
                SymbolLookup.libraryLookup(nvml_h.LIBRARY_NAME, arena);
            } catch (IllegalCallerException e) {
                throw nativeAccessDenied(e);
            } catch (IllegalArgumentException e) {
                return unavailable(arena, nvml_h.LIBRARY_NAME + " could not be loaded (no NVIDIA driver on this machine?): "
                        + oneLine(e.getMessage()));
            }
            int rc = nvml_h.nvmlInit_v2();
            if (rc != nvml_h.NVML_SUCCESS()) {
                return unavailable(arena, new NvmlException("nvmlInit_v2", rc, errorString(rc)).getMessage());
            }
            Nvml nvml = new Nvml(arena);
            lastUnavailableReason = null;
            probed = true;
            return Optional.of(nvml);
        } catch (UnsatisfiedLinkError e) {
            // A driver too old to export a function bound here (the _v2 entry points came with R319)
            return unavailable(arena, oneLine(e.getMessage()));
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Why NVML is unavailable in this process, in one line; null when it is available. Answers for
     * the last {@link #open()}, or, when nothing has opened NVML yet, opens and closes it once to
     * find out.
     *
     * @throws IllegalCallerException when the JVM denies native access
     */
    public static String unavailableReason() {
        if (!probed) {
            open().ifPresent(Nvml::close);
        }
        return lastUnavailableReason;
    }

    private static Optional<Nvml> unavailable(Arena arena, String reason) {
        arena.close();
        lastUnavailableReason = "NVML unavailable: " + reason;
        probed = true;
        return Optional.empty();
    }

    static IllegalCallerException nativeAccessDenied(IllegalCallerException e) {
        return new IllegalCallerException("NVML telemetry needs native access, which this JVM denies: "
                + NATIVE_ACCESS_HINT + " (" + e.getMessage() + ")", e);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** NVML's text for a status code, or null if NVML cannot say. */
    static String errorString(int code) {
        try {
            MemorySegment s = nvml_h.nvmlErrorString(code);
            return s.address() == 0 ? null : s.getString(0);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return null;
        }
    }

    static void check(String function, int rc) {
        if (rc != nvml_h.NVML_SUCCESS()) {
            throw new NvmlException(function, rc, errorString(rc));
        }
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("NVML has been closed");
        }
    }

    /** The installed driver's version, e.g. {@code 570.133.20}. */
    public String driverVersion() {
        ensureOpen();
        try (Arena call = Arena.ofConfined()) {
            int size = nvml_h.NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE();
            MemorySegment buf = call.allocate(size);
            check("nvmlSystemGetDriverVersion", nvml_h.nvmlSystemGetDriverVersion(buf, size));
            return buf.getString(0);
        }
    }

    /** How many GPUs NVML sees (all of them, whatever CUDA_VISIBLE_DEVICES says). */
    public int deviceCount() {
        ensureOpen();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment count = call.allocate(C_INT);
            check("nvmlDeviceGetCount_v2", nvml_h.nvmlDeviceGetCount_v2(count));
            return count.get(C_INT, 0);
        }
    }

    /**
     * The device at NVML index {@code index} (NVML's order is PCI bus order, which need not be
     * CUDA's default order).
     *
     * @throws NvmlException e.g. {@code NVML_ERROR_INVALID_ARGUMENT} for an index out of range
     */
    public Device device(int index) {
        ensureOpen();
        MemorySegment handle;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(C_POINTER);
            check("nvmlDeviceGetHandleByIndex_v2", nvml_h.nvmlDeviceGetHandleByIndex_v2(index, out));
            handle = out.get(C_POINTER, 0);
        }
        return new Device(index, handle);
    }

    /** Calls {@code nvmlShutdown} and frees this instance's memory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            nvml_h.nvmlShutdown();
        } finally {
            arena.close();
        }
    }

    /**
     * One GPU. Its readers reuse out-parameters allocated once in the owning {@link Nvml}'s arena;
     * they are synchronized, so a device may be shared, though the sampler reads from one thread.
     */
    public final class Device {

        private final int index;
        private final MemorySegment handle;
        private final MemorySegment memory;
        private final MemorySegment utilization;
        private final MemorySegment uint;
        private final MemorySegment ulonglong;

        private Device(int index, MemorySegment handle) {
            this.index = index;
            this.handle = handle;
            this.memory = nvmlMemory_t.allocate(arena);
            this.utilization = nvmlUtilization_t.allocate(arena);
            this.uint = arena.allocate(C_INT);
            this.ulonglong = arena.allocate(C_LONG_LONG);
        }

        /** The NVML index this device was opened with. */
        public int index() {
            return index;
        }

        /** The product name, e.g. {@code NVIDIA H100 80GB HBM3}. */
        public synchronized String name() {
            ensureOpen();
            try (Arena call = Arena.ofConfined()) {
                int size = nvml_h.NVML_DEVICE_NAME_V2_BUFFER_SIZE();
                MemorySegment buf = call.allocate(size);
                check("nvmlDeviceGetName", nvml_h.nvmlDeviceGetName(handle, buf, size));
                return buf.getString(0);
            }
        }

        /** One reading, stamped with {@link System#nanoTime()} as it begins. */
        public GpuSample sample() {
            RawSample raw = new RawSample();
            long t = System.nanoTime();
            read(raw);
            return raw.toSample(t);
        }

        /**
         * Reads every metric into {@code into}, allocating nothing. A metric the device does not
         * support is left at -1; any other failure throws.
         */
        synchronized void read(RawSample into) {
            ensureOpen();
            int rc = nvml_h.nvmlDeviceGetMemoryInfo(handle, memory);
            if (rc == nvml_h.NVML_SUCCESS()) {
                into.memUsedBytes = nvmlMemory_t.used(memory);
                into.memTotalBytes = nvmlMemory_t.total(memory);
            } else {
                soft("nvmlDeviceGetMemoryInfo", rc);
            }
            rc = nvml_h.nvmlDeviceGetUtilizationRates(handle, utilization);
            if (rc == nvml_h.NVML_SUCCESS()) {
                into.gpuUtilPercent = nvmlUtilization_t.gpu(utilization);
                into.memUtilPercent = nvmlUtilization_t.memory(utilization);
            } else {
                soft("nvmlDeviceGetUtilizationRates", rc);
            }
            rc = nvml_h.nvmlDeviceGetClockInfo(handle, nvml_h.NVML_CLOCK_SM(), uint);
            if (rc == nvml_h.NVML_SUCCESS()) {
                into.smClockMhz = uint.get(C_INT, 0);
            } else {
                soft("nvmlDeviceGetClockInfo(NVML_CLOCK_SM)", rc);
            }
            rc = nvml_h.nvmlDeviceGetClockInfo(handle, nvml_h.NVML_CLOCK_MEM(), uint);
            if (rc == nvml_h.NVML_SUCCESS()) {
                into.memClockMhz = uint.get(C_INT, 0);
            } else {
                soft("nvmlDeviceGetClockInfo(NVML_CLOCK_MEM)", rc);
            }
            rc = nvml_h.nvmlDeviceGetPowerUsage(handle, uint);
            if (rc == nvml_h.NVML_SUCCESS()) {
                into.powerMilliwatts = Integer.toUnsignedLong(uint.get(C_INT, 0));
            } else {
                soft("nvmlDeviceGetPowerUsage", rc);
            }
            rc = nvml_h.nvmlDeviceGetTemperature(handle, nvml_h.NVML_TEMPERATURE_GPU(), uint);
            if (rc == nvml_h.NVML_SUCCESS()) {
                into.temperatureC = uint.get(C_INT, 0);
            } else {
                soft("nvmlDeviceGetTemperature", rc);
            }
            rc = eventReasons
                    ? nvml_h.nvmlDeviceGetCurrentClocksEventReasons(handle, ulonglong)
                    : nvml_h.nvmlDeviceGetCurrentClocksThrottleReasons(handle, ulonglong);
            if (rc == nvml_h.NVML_SUCCESS()) {
                into.throttleReasons = ulonglong.get(C_LONG_LONG, 0);
            } else {
                soft(eventReasons ? "nvmlDeviceGetCurrentClocksEventReasons" : "nvmlDeviceGetCurrentClocksThrottleReasons", rc);
            }
        }

        /** Leaves the metric unset when the device does not support it; throws otherwise. */
        private static void soft(String function, int rc) {
            if (rc != nvml_h.NVML_ERROR_NOT_SUPPORTED()) {
                throw new NvmlException(function, rc, errorString(rc));
            }
        }
    }
}
