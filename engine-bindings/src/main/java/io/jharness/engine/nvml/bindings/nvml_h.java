// Generated in jextract's shape for the few NVML calls the harness uses; regenerate with jextract where it exists.
//
// Source: NVIDIA's nvml.h (NVML API version 12; checked against the header shipped with CUDA 12.6).
// Roughly: jextract --target-package io.jharness.engine.nvml.bindings --header-class-name nvml_h
//          --library :libnvidia-ml.so.1 --include-function <the functions below>
//          --include-struct nvmlMemory_st --include-struct nvmlUtilization_st nvml.h
//
// Two deliberate differences from jextract's output, both so that this class can be loaded on a
// machine without the NVIDIA driver (every CPU machine):
//   - the library is looked up once, in a nested holder class, and a failure to load it is
//     remembered rather than thrown from a class initializer (the constants and layouts need neither
//     the library nor native access);
//   - a function whose symbol is absent gets a HANDLE of the right type that throws
//     UnsatisfiedLinkError when called (jextract's findOrThrow throws when the holder initializes).
// So every holder's DESC and HANDLE can be inspected anywhere; only calling needs the library.
// The structs, which jextract writes as one class each, are nested classes here.

package io.jharness.engine.nvml.bindings;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.foreign.ValueLayout.OfInt;
import java.lang.foreign.ValueLayout.OfLong;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

@SuppressWarnings({"unused", "checkstyle:TypeName", "checkstyle:MethodName"})
public class nvml_h {

    nvml_h() {
        // Should not be called directly
    }

    /** The soname the driver installs; the unversioned libnvidia-ml.so comes only with dev packages. */
    public static final String LIBRARY_NAME = "libnvidia-ml.so.1";

    /**
     * The library, looked up when a function is first bound (not when this class initializes, so
     * the constants and layouts below work with no driver and without native access).
     */
    private static final class Library {
        static final Arena LIBRARY_ARENA = Arena.ofAuto();

        static final SymbolLookup SYMBOL_LOOKUP;

        /** Why the library could not be loaded, or null once it was. */
        static final String LOAD_FAILURE;

        static {
            SymbolLookup lookup;
            String failure = null;
            try {
                lookup = SymbolLookup.libraryLookup(LIBRARY_NAME, LIBRARY_ARENA);
            } catch (IllegalArgumentException e) {
                lookup = name -> Optional.empty();
                failure = e.getMessage();
            }
            SYMBOL_LOOKUP = lookup;
            LOAD_FAILURE = failure;
        }
    }

    /** Null when {@value #LIBRARY_NAME} was loaded, otherwise the loader's message. Loads it on first use. */
    public static String libraryLoadFailure() {
        return Library.LOAD_FAILURE;
    }

    static MemorySegment findOrNull(String symbol) {
        return Library.SYMBOL_LOOKUP.find(symbol).orElse(MemorySegment.NULL);
    }

    /**
     * The downcall handle for {@code symbol}, or, where the symbol is absent, a handle of the same
     * type that throws {@link UnsatisfiedLinkError} naming it.
     */
    static MethodHandle downcallHandle(String symbol, MemorySegment addr, FunctionDescriptor desc) {
        if (addr.address() != 0) {
            return Linker.nativeLinker().downcallHandle(addr, desc);
        }
        MethodType type = desc.toMethodType();
        MethodHandle thrower = MethodHandles.insertArguments(UNRESOLVED, 0, symbol).asType(MethodType.methodType(type.returnType()));
        return MethodHandles.dropArguments(thrower, 0, type.parameterList());
    }

    private static final MethodHandle UNRESOLVED;

    static {
        try {
            UNRESOLVED = MethodHandles.lookup().findStatic(nvml_h.class, "unresolved",
                    MethodType.methodType(Object.class, String.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Object unresolved(String symbol) {
        String failure = Library.LOAD_FAILURE;
        throw new UnsatisfiedLinkError(failure != null
                ? "unresolved symbol: " + symbol + " (" + LIBRARY_NAME + " could not be loaded: " + failure + ")"
                : "unresolved symbol: " + symbol + " (not exported by this " + LIBRARY_NAME + ")");
    }

    // ----------------------------------------------------------------------------------------------
    // Layouts of the C types (x86-64 / aarch64 Linux, LP64)
    // ----------------------------------------------------------------------------------------------

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, C_CHAR));
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;

    // ----------------------------------------------------------------------------------------------
    // Constants: enum nvmlReturn_enum (the ones the harness names), nvmlClockType_enum,
    // nvmlTemperatureSensors_enum, buffer sizes, and the nvmlClocksThrottleReason* / *EventReason* bits
    // ----------------------------------------------------------------------------------------------

    private static final int NVML_SUCCESS = (int) 0L;
    public static int NVML_SUCCESS() { return NVML_SUCCESS; }
    private static final int NVML_ERROR_UNINITIALIZED = (int) 1L;
    public static int NVML_ERROR_UNINITIALIZED() { return NVML_ERROR_UNINITIALIZED; }
    private static final int NVML_ERROR_INVALID_ARGUMENT = (int) 2L;
    public static int NVML_ERROR_INVALID_ARGUMENT() { return NVML_ERROR_INVALID_ARGUMENT; }
    private static final int NVML_ERROR_NOT_SUPPORTED = (int) 3L;
    public static int NVML_ERROR_NOT_SUPPORTED() { return NVML_ERROR_NOT_SUPPORTED; }
    private static final int NVML_ERROR_NO_PERMISSION = (int) 4L;
    public static int NVML_ERROR_NO_PERMISSION() { return NVML_ERROR_NO_PERMISSION; }
    private static final int NVML_ERROR_NOT_FOUND = (int) 6L;
    public static int NVML_ERROR_NOT_FOUND() { return NVML_ERROR_NOT_FOUND; }
    private static final int NVML_ERROR_INSUFFICIENT_SIZE = (int) 7L;
    public static int NVML_ERROR_INSUFFICIENT_SIZE() { return NVML_ERROR_INSUFFICIENT_SIZE; }
    private static final int NVML_ERROR_DRIVER_NOT_LOADED = (int) 9L;
    public static int NVML_ERROR_DRIVER_NOT_LOADED() { return NVML_ERROR_DRIVER_NOT_LOADED; }
    private static final int NVML_ERROR_FUNCTION_NOT_FOUND = (int) 13L;
    public static int NVML_ERROR_FUNCTION_NOT_FOUND() { return NVML_ERROR_FUNCTION_NOT_FOUND; }
    private static final int NVML_ERROR_GPU_IS_LOST = (int) 15L;
    public static int NVML_ERROR_GPU_IS_LOST() { return NVML_ERROR_GPU_IS_LOST; }
    private static final int NVML_ERROR_LIB_RM_VERSION_MISMATCH = (int) 18L;
    public static int NVML_ERROR_LIB_RM_VERSION_MISMATCH() { return NVML_ERROR_LIB_RM_VERSION_MISMATCH; }
    private static final int NVML_ERROR_UNKNOWN = (int) 999L;
    public static int NVML_ERROR_UNKNOWN() { return NVML_ERROR_UNKNOWN; }

    private static final int NVML_CLOCK_GRAPHICS = (int) 0L;
    public static int NVML_CLOCK_GRAPHICS() { return NVML_CLOCK_GRAPHICS; }
    private static final int NVML_CLOCK_SM = (int) 1L;
    public static int NVML_CLOCK_SM() { return NVML_CLOCK_SM; }
    private static final int NVML_CLOCK_MEM = (int) 2L;
    public static int NVML_CLOCK_MEM() { return NVML_CLOCK_MEM; }
    private static final int NVML_CLOCK_VIDEO = (int) 3L;
    public static int NVML_CLOCK_VIDEO() { return NVML_CLOCK_VIDEO; }

    private static final int NVML_TEMPERATURE_GPU = (int) 0L;
    public static int NVML_TEMPERATURE_GPU() { return NVML_TEMPERATURE_GPU; }

    private static final int NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE = (int) 80L;
    public static int NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE() { return NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE; }
    private static final int NVML_DEVICE_NAME_BUFFER_SIZE = (int) 64L;
    public static int NVML_DEVICE_NAME_BUFFER_SIZE() { return NVML_DEVICE_NAME_BUFFER_SIZE; }
    private static final int NVML_DEVICE_NAME_V2_BUFFER_SIZE = (int) 96L;
    public static int NVML_DEVICE_NAME_V2_BUFFER_SIZE() { return NVML_DEVICE_NAME_V2_BUFFER_SIZE; }

    private static final long nvmlClocksEventReasonGpuIdle = 1L;
    public static long nvmlClocksEventReasonGpuIdle() { return nvmlClocksEventReasonGpuIdle; }
    private static final long nvmlClocksEventReasonApplicationsClocksSetting = 2L;
    public static long nvmlClocksEventReasonApplicationsClocksSetting() { return nvmlClocksEventReasonApplicationsClocksSetting; }
    private static final long nvmlClocksEventReasonSwPowerCap = 4L;
    public static long nvmlClocksEventReasonSwPowerCap() { return nvmlClocksEventReasonSwPowerCap; }
    private static final long nvmlClocksThrottleReasonHwSlowdown = 8L;
    public static long nvmlClocksThrottleReasonHwSlowdown() { return nvmlClocksThrottleReasonHwSlowdown; }
    private static final long nvmlClocksEventReasonSyncBoost = 16L;
    public static long nvmlClocksEventReasonSyncBoost() { return nvmlClocksEventReasonSyncBoost; }
    private static final long nvmlClocksEventReasonSwThermalSlowdown = 32L;
    public static long nvmlClocksEventReasonSwThermalSlowdown() { return nvmlClocksEventReasonSwThermalSlowdown; }
    private static final long nvmlClocksThrottleReasonHwThermalSlowdown = 64L;
    public static long nvmlClocksThrottleReasonHwThermalSlowdown() { return nvmlClocksThrottleReasonHwThermalSlowdown; }
    private static final long nvmlClocksThrottleReasonHwPowerBrakeSlowdown = 128L;
    public static long nvmlClocksThrottleReasonHwPowerBrakeSlowdown() { return nvmlClocksThrottleReasonHwPowerBrakeSlowdown; }
    private static final long nvmlClocksEventReasonDisplayClockSetting = 256L;
    public static long nvmlClocksEventReasonDisplayClockSetting() { return nvmlClocksEventReasonDisplayClockSetting; }
    private static final long nvmlClocksEventReasonNone = 0L;
    public static long nvmlClocksEventReasonNone() { return nvmlClocksEventReasonNone; }
    // The pre-12.2 spellings, which nvml.h keeps as #defines of the above
    public static long nvmlClocksThrottleReasonGpuIdle() { return nvmlClocksEventReasonGpuIdle; }
    public static long nvmlClocksThrottleReasonApplicationsClocksSetting() { return nvmlClocksEventReasonApplicationsClocksSetting; }
    public static long nvmlClocksThrottleReasonSwPowerCap() { return nvmlClocksEventReasonSwPowerCap; }
    public static long nvmlClocksThrottleReasonSyncBoost() { return nvmlClocksEventReasonSyncBoost; }
    public static long nvmlClocksThrottleReasonSwThermalSlowdown() { return nvmlClocksEventReasonSwThermalSlowdown; }
    public static long nvmlClocksThrottleReasonDisplayClockSetting() { return nvmlClocksEventReasonDisplayClockSetting; }
    public static long nvmlClocksThrottleReasonNone() { return nvmlClocksEventReasonNone; }

    // ----------------------------------------------------------------------------------------------
    // typedef struct nvmlDevice_st* nvmlDevice_t;
    // ----------------------------------------------------------------------------------------------

    /** {@snippet lang=c : typedef struct nvmlDevice_st *nvmlDevice_t } */
    public static final AddressLayout nvmlDevice_t = nvml_h.C_POINTER;

    // ----------------------------------------------------------------------------------------------
    // Structs
    // ----------------------------------------------------------------------------------------------

    /**
     * {@snippet lang=c :
     * typedef struct nvmlMemory_st {
     *     unsigned long long total;
     *     unsigned long long free;
     *     unsigned long long used;
     * } nvmlMemory_t
     * }
     */
    public static class nvmlMemory_t {

        nvmlMemory_t() {
            // Should not be called directly
        }

        private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                nvml_h.C_LONG_LONG.withName("total"),
                nvml_h.C_LONG_LONG.withName("free"),
                nvml_h.C_LONG_LONG.withName("used")
        ).withName("nvmlMemory_st");

        public static final GroupLayout layout() { return $LAYOUT; }

        private static final OfLong total$LAYOUT = (OfLong) $LAYOUT.select(groupElement("total"));
        public static final OfLong total$layout() { return total$LAYOUT; }
        private static final long total$OFFSET = $LAYOUT.byteOffset(groupElement("total"));
        public static final long total$offset() { return total$OFFSET; }
        public static long total(MemorySegment struct) { return struct.get(total$LAYOUT, total$OFFSET); }
        public static void total(MemorySegment struct, long fieldValue) { struct.set(total$LAYOUT, total$OFFSET, fieldValue); }

        private static final OfLong free$LAYOUT = (OfLong) $LAYOUT.select(groupElement("free"));
        public static final OfLong free$layout() { return free$LAYOUT; }
        private static final long free$OFFSET = $LAYOUT.byteOffset(groupElement("free"));
        public static final long free$offset() { return free$OFFSET; }
        public static long free(MemorySegment struct) { return struct.get(free$LAYOUT, free$OFFSET); }
        public static void free(MemorySegment struct, long fieldValue) { struct.set(free$LAYOUT, free$OFFSET, fieldValue); }

        private static final OfLong used$LAYOUT = (OfLong) $LAYOUT.select(groupElement("used"));
        public static final OfLong used$layout() { return used$LAYOUT; }
        private static final long used$OFFSET = $LAYOUT.byteOffset(groupElement("used"));
        public static final long used$offset() { return used$OFFSET; }
        public static long used(MemorySegment struct) { return struct.get(used$LAYOUT, used$OFFSET); }
        public static void used(MemorySegment struct, long fieldValue) { struct.set(used$LAYOUT, used$OFFSET, fieldValue); }

        public static long sizeof() { return layout().byteSize(); }

        public static MemorySegment allocate(SegmentAllocator allocator) { return allocator.allocate(layout()); }
    }

    /**
     * {@snippet lang=c :
     * typedef struct nvmlUtilization_st {
     *     unsigned int gpu;
     *     unsigned int memory;
     * } nvmlUtilization_t
     * }
     */
    public static class nvmlUtilization_t {

        nvmlUtilization_t() {
            // Should not be called directly
        }

        private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                nvml_h.C_INT.withName("gpu"),
                nvml_h.C_INT.withName("memory")
        ).withName("nvmlUtilization_st");

        public static final GroupLayout layout() { return $LAYOUT; }

        private static final OfInt gpu$LAYOUT = (OfInt) $LAYOUT.select(groupElement("gpu"));
        public static final OfInt gpu$layout() { return gpu$LAYOUT; }
        private static final long gpu$OFFSET = $LAYOUT.byteOffset(groupElement("gpu"));
        public static final long gpu$offset() { return gpu$OFFSET; }
        public static int gpu(MemorySegment struct) { return struct.get(gpu$LAYOUT, gpu$OFFSET); }
        public static void gpu(MemorySegment struct, int fieldValue) { struct.set(gpu$LAYOUT, gpu$OFFSET, fieldValue); }

        private static final OfInt memory$LAYOUT = (OfInt) $LAYOUT.select(groupElement("memory"));
        public static final OfInt memory$layout() { return memory$LAYOUT; }
        private static final long memory$OFFSET = $LAYOUT.byteOffset(groupElement("memory"));
        public static final long memory$offset() { return memory$OFFSET; }
        public static int memory(MemorySegment struct) { return struct.get(memory$LAYOUT, memory$OFFSET); }
        public static void memory(MemorySegment struct, int fieldValue) { struct.set(memory$LAYOUT, memory$OFFSET, fieldValue); }

        public static long sizeof() { return layout().byteSize(); }

        public static MemorySegment allocate(SegmentAllocator allocator) { return allocator.allocate(layout()); }
    }

    // ----------------------------------------------------------------------------------------------
    // Functions
    // ----------------------------------------------------------------------------------------------

    private static class nvmlInit_v2 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvml_h.C_INT);

        public static final MemorySegment ADDR = nvml_h.findOrNull("nvmlInit_v2");

        public static final MethodHandle HANDLE = nvml_h.downcallHandle("nvmlInit_v2", ADDR, DESC);
    }

    /** {@snippet lang=c : nvmlReturn_t nvmlInit_v2(void) } */
    public static FunctionDescriptor nvmlInit_v2$descriptor() { return nvmlInit_v2.DESC; }

    public static MethodHandle nvmlInit_v2$handle() { return nvmlInit_v2.HANDLE; }

    public static MemorySegment nvmlInit_v2$address() { return nvmlInit_v2.ADDR; }

    /** {@snippet lang=c : nvmlReturn_t nvmlInit_v2(void) } */
    public static int nvmlInit_v2() {
        var mh$ = nvmlInit_v2.HANDLE;
        try {
            return (int) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvmlShutdown {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvml_h.C_INT);

        public static final MemorySegment ADDR = nvml_h.findOrNull("nvmlShutdown");

        public static final MethodHandle HANDLE = nvml_h.downcallHandle("nvmlShutdown", ADDR, DESC);
    }

    /** {@snippet lang=c : nvmlReturn_t nvmlShutdown(void) } */
    public static FunctionDescriptor nvmlShutdown$descriptor() { return nvmlShutdown.DESC; }

    public static MethodHandle nvmlShutdown$handle() { return nvmlShutdown.HANDLE; }

    public static MemorySegment nvmlShutdown$address() { return nvmlShutdown.ADDR; }

    /** {@snippet lang=c : nvmlReturn_t nvmlShutdown(void) } */
    public static int nvmlShutdown() {
        var mh$ = nvmlShutdown.HANDLE;
        try {
            return (int) mh$.invokeExact();
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvmlErrorString {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvml_h.C_POINTER,
            nvml_h.C_INT);

        public static final MemorySegment ADDR = nvml_h.findOrNull("nvmlErrorString");

        public static final MethodHandle HANDLE = nvml_h.downcallHandle("nvmlErrorString", ADDR, DESC);
    }

    /** {@snippet lang=c : const char *nvmlErrorString(nvmlReturn_t result) } */
    public static FunctionDescriptor nvmlErrorString$descriptor() { return nvmlErrorString.DESC; }

    public static MethodHandle nvmlErrorString$handle() { return nvmlErrorString.HANDLE; }

    public static MemorySegment nvmlErrorString$address() { return nvmlErrorString.ADDR; }

    /** {@snippet lang=c : const char *nvmlErrorString(nvmlReturn_t result) } */
    public static MemorySegment nvmlErrorString(int result) {
        var mh$ = nvmlErrorString.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(result);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvmlSystemGetDriverVersion {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvml_h.C_INT,
            nvml_h.C_POINTER,
            nvml_h.C_INT);

        public static final MemorySegment ADDR = nvml_h.findOrNull("nvmlSystemGetDriverVersion");

        public static final MethodHandle HANDLE = nvml_h.downcallHandle("nvmlSystemGetDriverVersion", ADDR, DESC);
    }

    /** {@snippet lang=c : nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) } */
    public static FunctionDescriptor nvmlSystemGetDriverVersion$descriptor() { return nvmlSystemGetDriverVersion.DESC; }

    public static MethodHandle nvmlSystemGetDriverVersion$handle() { return nvmlSystemGetDriverVersion.HANDLE; }

    public static MemorySegment nvmlSystemGetDriverVersion$address() { return nvmlSystemGetDriverVersion.ADDR; }

    /** {@snippet lang=c : nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) } */
    public static int nvmlSystemGetDriverVersion(MemorySegment version, int length) {
        var mh$ = nvmlSystemGetDriverVersion.HANDLE;
        try {
            return (int) mh$.invokeExact(version, length);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvmlDeviceGetCount_v2 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvml_h.C_INT,
            nvml_h.C_POINTER);

        public static final MemorySegment ADDR = nvml_h.findOrNull("nvmlDeviceGetCount_v2");

        public static final MethodHandle HANDLE = nvml_h.downcallHandle("nvmlDeviceGetCount_v2", ADDR, DESC);
    }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *deviceCount) } */
    public static FunctionDescriptor nvmlDeviceGetCount_v2$descriptor() { return nvmlDeviceGetCount_v2.DESC; }

    public static MethodHandle nvmlDeviceGetCount_v2$handle() { return nvmlDeviceGetCount_v2.HANDLE; }

    public static MemorySegment nvmlDeviceGetCount_v2$address() { return nvmlDeviceGetCount_v2.ADDR; }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *deviceCount) } */
    public static int nvmlDeviceGetCount_v2(MemorySegment deviceCount) {
        var mh$ = nvmlDeviceGetCount_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(deviceCount);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvmlDeviceGetHandleByIndex_v2 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvml_h.C_INT,
            nvml_h.C_INT,
            nvml_h.C_POINTER);

        public static final MemorySegment ADDR = nvml_h.findOrNull("nvmlDeviceGetHandleByIndex_v2");

        public static final MethodHandle HANDLE = nvml_h.downcallHandle("nvmlDeviceGetHandleByIndex_v2", ADDR, DESC);
    }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) } */
    public static FunctionDescriptor nvmlDeviceGetHandleByIndex_v2$descriptor() { return nvmlDeviceGetHandleByIndex_v2.DESC; }

    public static MethodHandle nvmlDeviceGetHandleByIndex_v2$handle() { return nvmlDeviceGetHandleByIndex_v2.HANDLE; }

    public static MemorySegment nvmlDeviceGetHandleByIndex_v2$address() { return nvmlDeviceGetHandleByIndex_v2.ADDR; }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) } */
    public static int nvmlDeviceGetHandleByIndex_v2(int index, MemorySegment device) {
        var mh$ = nvmlDeviceGetHandleByIndex_v2.HANDLE;
        try {
            return (int) mh$.invokeExact(index, device);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvmlDeviceGetName {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvml_h.C_INT,
            nvml_h.C_POINTER,
            nvml_h.C_POINTER,
            nvml_h.C_INT);

        public static final MemorySegment ADDR = nvml_h.findOrNull("nvmlDeviceGetName");

        public static final MethodHandle HANDLE = nvml_h.downcallHandle("nvmlDeviceGetName", ADDR, DESC);
    }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) } */
    public static FunctionDescriptor nvmlDeviceGetName$descriptor() { return nvmlDeviceGetName.DESC; }

    public static MethodHandle nvmlDeviceGetName$handle() { return nvmlDeviceGetName.HANDLE; }

    public static MemorySegment nvmlDeviceGetName$address() { return nvmlDeviceGetName.ADDR; }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) } */
    public static int nvmlDeviceGetName(MemorySegment device, MemorySegment name, int length) {
        var mh$ = nvmlDeviceGetName.HANDLE;
        try {
            return (int) mh$.invokeExact(device, name, length);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvmlDeviceGetMemoryInfo {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvml_h.C_INT,
            nvml_h.C_POINTER,
            nvml_h.C_POINTER);

        public static final MemorySegment ADDR = nvml_h.findOrNull("nvmlDeviceGetMemoryInfo");

        public static final MethodHandle HANDLE = nvml_h.downcallHandle("nvmlDeviceGetMemoryInfo", ADDR, DESC);
    }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) } */
    public static FunctionDescriptor nvmlDeviceGetMemoryInfo$descriptor() { return nvmlDeviceGetMemoryInfo.DESC; }

    public static MethodHandle nvmlDeviceGetMemoryInfo$handle() { return nvmlDeviceGetMemoryInfo.HANDLE; }

    public static MemorySegment nvmlDeviceGetMemoryInfo$address() { return nvmlDeviceGetMemoryInfo.ADDR; }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) } */
    public static int nvmlDeviceGetMemoryInfo(MemorySegment device, MemorySegment memory) {
        var mh$ = nvmlDeviceGetMemoryInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(device, memory);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvmlDeviceGetUtilizationRates {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvml_h.C_INT,
            nvml_h.C_POINTER,
            nvml_h.C_POINTER);

        public static final MemorySegment ADDR = nvml_h.findOrNull("nvmlDeviceGetUtilizationRates");

        public static final MethodHandle HANDLE = nvml_h.downcallHandle("nvmlDeviceGetUtilizationRates", ADDR, DESC);
    }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) } */
    public static FunctionDescriptor nvmlDeviceGetUtilizationRates$descriptor() { return nvmlDeviceGetUtilizationRates.DESC; }

    public static MethodHandle nvmlDeviceGetUtilizationRates$handle() { return nvmlDeviceGetUtilizationRates.HANDLE; }

    public static MemorySegment nvmlDeviceGetUtilizationRates$address() { return nvmlDeviceGetUtilizationRates.ADDR; }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) } */
    public static int nvmlDeviceGetUtilizationRates(MemorySegment device, MemorySegment utilization) {
        var mh$ = nvmlDeviceGetUtilizationRates.HANDLE;
        try {
            return (int) mh$.invokeExact(device, utilization);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvmlDeviceGetClockInfo {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvml_h.C_INT,
            nvml_h.C_POINTER,
            nvml_h.C_INT,
            nvml_h.C_POINTER);

        public static final MemorySegment ADDR = nvml_h.findOrNull("nvmlDeviceGetClockInfo");

        public static final MethodHandle HANDLE = nvml_h.downcallHandle("nvmlDeviceGetClockInfo", ADDR, DESC);
    }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock) } */
    public static FunctionDescriptor nvmlDeviceGetClockInfo$descriptor() { return nvmlDeviceGetClockInfo.DESC; }

    public static MethodHandle nvmlDeviceGetClockInfo$handle() { return nvmlDeviceGetClockInfo.HANDLE; }

    public static MemorySegment nvmlDeviceGetClockInfo$address() { return nvmlDeviceGetClockInfo.ADDR; }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock) } */
    public static int nvmlDeviceGetClockInfo(MemorySegment device, int type, MemorySegment clock) {
        var mh$ = nvmlDeviceGetClockInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(device, type, clock);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvmlDeviceGetPowerUsage {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvml_h.C_INT,
            nvml_h.C_POINTER,
            nvml_h.C_POINTER);

        public static final MemorySegment ADDR = nvml_h.findOrNull("nvmlDeviceGetPowerUsage");

        public static final MethodHandle HANDLE = nvml_h.downcallHandle("nvmlDeviceGetPowerUsage", ADDR, DESC);
    }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) } */
    public static FunctionDescriptor nvmlDeviceGetPowerUsage$descriptor() { return nvmlDeviceGetPowerUsage.DESC; }

    public static MethodHandle nvmlDeviceGetPowerUsage$handle() { return nvmlDeviceGetPowerUsage.HANDLE; }

    public static MemorySegment nvmlDeviceGetPowerUsage$address() { return nvmlDeviceGetPowerUsage.ADDR; }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) } (milliwatts) */
    public static int nvmlDeviceGetPowerUsage(MemorySegment device, MemorySegment power) {
        var mh$ = nvmlDeviceGetPowerUsage.HANDLE;
        try {
            return (int) mh$.invokeExact(device, power);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvmlDeviceGetTemperature {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvml_h.C_INT,
            nvml_h.C_POINTER,
            nvml_h.C_INT,
            nvml_h.C_POINTER);

        public static final MemorySegment ADDR = nvml_h.findOrNull("nvmlDeviceGetTemperature");

        public static final MethodHandle HANDLE = nvml_h.downcallHandle("nvmlDeviceGetTemperature", ADDR, DESC);
    }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, nvmlTemperatureSensors_t sensorType, unsigned int *temp) } */
    public static FunctionDescriptor nvmlDeviceGetTemperature$descriptor() { return nvmlDeviceGetTemperature.DESC; }

    public static MethodHandle nvmlDeviceGetTemperature$handle() { return nvmlDeviceGetTemperature.HANDLE; }

    public static MemorySegment nvmlDeviceGetTemperature$address() { return nvmlDeviceGetTemperature.ADDR; }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, nvmlTemperatureSensors_t sensorType, unsigned int *temp) } */
    public static int nvmlDeviceGetTemperature(MemorySegment device, int sensorType, MemorySegment temp) {
        var mh$ = nvmlDeviceGetTemperature.HANDLE;
        try {
            return (int) mh$.invokeExact(device, sensorType, temp);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvmlDeviceGetCurrentClocksThrottleReasons {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvml_h.C_INT,
            nvml_h.C_POINTER,
            nvml_h.C_POINTER);

        public static final MemorySegment ADDR = nvml_h.findOrNull("nvmlDeviceGetCurrentClocksThrottleReasons");

        public static final MethodHandle HANDLE = nvml_h.downcallHandle("nvmlDeviceGetCurrentClocksThrottleReasons", ADDR, DESC);
    }

    /**
     * {@snippet lang=c : nvmlReturn_t nvmlDeviceGetCurrentClocksThrottleReasons(nvmlDevice_t device, unsigned long long *clocksThrottleReasons) }
     * Deprecated in nvml.h for {@link #nvmlDeviceGetCurrentClocksEventReasons}, still exported.
     */
    public static FunctionDescriptor nvmlDeviceGetCurrentClocksThrottleReasons$descriptor() { return nvmlDeviceGetCurrentClocksThrottleReasons.DESC; }

    public static MethodHandle nvmlDeviceGetCurrentClocksThrottleReasons$handle() { return nvmlDeviceGetCurrentClocksThrottleReasons.HANDLE; }

    public static MemorySegment nvmlDeviceGetCurrentClocksThrottleReasons$address() { return nvmlDeviceGetCurrentClocksThrottleReasons.ADDR; }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetCurrentClocksThrottleReasons(nvmlDevice_t device, unsigned long long *clocksThrottleReasons) } */
    public static int nvmlDeviceGetCurrentClocksThrottleReasons(MemorySegment device, MemorySegment clocksThrottleReasons) {
        var mh$ = nvmlDeviceGetCurrentClocksThrottleReasons.HANDLE;
        try {
            return (int) mh$.invokeExact(device, clocksThrottleReasons);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class nvmlDeviceGetCurrentClocksEventReasons {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            nvml_h.C_INT,
            nvml_h.C_POINTER,
            nvml_h.C_POINTER);

        public static final MemorySegment ADDR = nvml_h.findOrNull("nvmlDeviceGetCurrentClocksEventReasons");

        public static final MethodHandle HANDLE = nvml_h.downcallHandle("nvmlDeviceGetCurrentClocksEventReasons", ADDR, DESC);
    }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t device, unsigned long long *clocksEventReasons) } (NVML 12.2+) */
    public static FunctionDescriptor nvmlDeviceGetCurrentClocksEventReasons$descriptor() { return nvmlDeviceGetCurrentClocksEventReasons.DESC; }

    public static MethodHandle nvmlDeviceGetCurrentClocksEventReasons$handle() { return nvmlDeviceGetCurrentClocksEventReasons.HANDLE; }

    public static MemorySegment nvmlDeviceGetCurrentClocksEventReasons$address() { return nvmlDeviceGetCurrentClocksEventReasons.ADDR; }

    /** {@snippet lang=c : nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t device, unsigned long long *clocksEventReasons) } */
    public static int nvmlDeviceGetCurrentClocksEventReasons(MemorySegment device, MemorySegment clocksEventReasons) {
        var mh$ = nvmlDeviceGetCurrentClocksEventReasons.HANDLE;
        try {
            return (int) mh$.invokeExact(device, clocksEventReasons);
        } catch (Error | RuntimeException ex) {
            throw ex;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
