package io.jharness.engine.nvml.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bindings against nvml.h: every function holder's descriptor must match the C prototype below,
 * copied from NVIDIA's nvml.h (API version 12, CUDA 12.6), so that a hand edit or a regeneration
 * that drifts from the header is caught here, on any machine.
 */
class NvmlBindingsTest {

    /** The prototypes as nvml.h declares them (less DECLDIR), one per bound function. */
    private static final List<String> NVML_H = List.of(
            "nvmlReturn_t nvmlInit_v2(void)",
            "nvmlReturn_t nvmlShutdown(void)",
            "const char* nvmlErrorString(nvmlReturn_t result)",
            "nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length)",
            "nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *deviceCount)",
            "nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device)",
            "nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length)",
            "nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory)",
            "nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization)",
            "nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock)",
            "nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power)",
            "nvmlReturn_t nvmlDeviceGetTemperature(nvmlDevice_t device, nvmlTemperatureSensors_t sensorType, unsigned int *temp)",
            "nvmlReturn_t nvmlDeviceGetCurrentClocksThrottleReasons(nvmlDevice_t device, unsigned long long *clocksThrottleReasons)",
            "nvmlReturn_t nvmlDeviceGetCurrentClocksEventReasons(nvmlDevice_t device, unsigned long long *clocksEventReasons)");

    private static final Pattern PROTOTYPE = Pattern.compile("\\s*(.+?)\\s*\\b(\\w+)\\s*\\((.*)\\)\\s*");

    /** The LP64 layout of a C type as the prototypes above spell it; null for void. */
    private static MemoryLayout cLayout(String type) {
        String t = type.replace("const ", "").strip();
        if (t.endsWith("*")) {
            return ValueLayout.ADDRESS;
        }
        return switch (t) {
            case "void" -> null;
            case "nvmlDevice_t" -> ValueLayout.ADDRESS; // typedef struct nvmlDevice_st* nvmlDevice_t
            case "int", "unsigned int", "nvmlReturn_t", "nvmlClockType_t", "nvmlTemperatureSensors_t" ->
                    ValueLayout.JAVA_INT; // C enums are int-sized on every ABI the JDK supports
            case "unsigned long long", "long long" -> ValueLayout.JAVA_LONG;
            default -> throw new IllegalArgumentException("no mapping for C type '" + type + "'");
        };
    }

    /** "unsigned int *clock" -> "unsigned int*"; a bare type stays as it is. */
    private static String paramType(String param) {
        String p = param.strip().replaceAll("\\s*\\*\\s*", "* ");
        Matcher m = Pattern.compile("(.*?)\\s*\\b\\w+$").matcher(p);
        String type = p.equals("void") || !m.matches() || m.group(1).isBlank() ? p : m.group(1);
        return type.strip();
    }

    private static FunctionDescriptor expected(String prototype) {
        Matcher m = PROTOTYPE.matcher(prototype);
        assertTrue(m.matches(), prototype);
        MemoryLayout ret = cLayout(m.group(1).replaceAll("\\s*\\*", "*"));
        List<MemoryLayout> args = new ArrayList<>();
        String params = m.group(3).strip();
        if (!params.equals("void") && !params.isEmpty()) {
            for (String p : params.split(",")) {
                args.add(cLayout(paramType(p)));
            }
        }
        MemoryLayout[] a = args.toArray(MemoryLayout[]::new);
        return ret == null ? FunctionDescriptor.ofVoid(a) : FunctionDescriptor.of(ret, a);
    }

    private static String name(String prototype) {
        Matcher m = PROTOTYPE.matcher(prototype);
        assertTrue(m.matches(), prototype);
        return m.group(2);
    }

    /** Names, pointee layouts and the like do not matter to the ABI: compare what does. */
    private static MemoryLayout abi(MemoryLayout l) {
        if (l instanceof AddressLayout a) {
            return a.withoutTargetLayout().withoutName();
        }
        return l.withoutName();
    }

    private static FunctionDescriptor abi(FunctionDescriptor d) {
        MemoryLayout[] args = d.argumentLayouts().stream().map(NvmlBindingsTest::abi).toArray(MemoryLayout[]::new);
        Optional<MemoryLayout> ret = d.returnLayout();
        return ret.isPresent() ? FunctionDescriptor.of(abi(ret.get()), args) : FunctionDescriptor.ofVoid(args);
    }

    /** nvml_h's function holders, by name: its nested classes with a static FunctionDescriptor DESC. */
    private static Map<String, Class<?>> holders() {
        Map<String, Class<?>> holders = new TreeMap<>();
        for (Class<?> c : nvml_h.class.getDeclaredClasses()) {
            try {
                Field f = c.getDeclaredField("DESC");
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == FunctionDescriptor.class) {
                    holders.put(c.getSimpleName(), c);
                }
            } catch (NoSuchFieldException notAHolder) {
                // a struct class, or the library holder
            }
        }
        return holders;
    }

    private static Object get(Class<?> holder, String field) throws ReflectiveOperationException {
        Field f = holder.getDeclaredField(field);
        f.setAccessible(true);
        return f.get(null);
    }

    @Test
    void theTableParsesAsExpected() {
        assertEquals(FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
                expected("nvmlReturn_t nvmlDeviceGetClockInfo(nvmlDevice_t device, nvmlClockType_t type, unsigned int *clock)"));
        assertEquals(FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                expected("const char* nvmlErrorString(nvmlReturn_t result)"));
        assertEquals(FunctionDescriptor.of(ValueLayout.JAVA_INT), expected("nvmlReturn_t nvmlInit_v2(void)"));
    }

    @Test
    void everyHolderMatchesItsNvmlHPrototype() throws ReflectiveOperationException {
        Map<String, Class<?>> holders = holders();
        Map<String, String> table = new TreeMap<>();
        NVML_H.forEach(p -> table.put(name(p), p));
        assertEquals(table.keySet(), holders.keySet(), "bound functions vs the nvml.h table");
        for (var e : holders.entrySet()) {
            FunctionDescriptor desc = (FunctionDescriptor) get(e.getValue(), "DESC");
            assertEquals(expected(table.get(e.getKey())), abi(desc), e.getKey() + " vs nvml.h: " + table.get(e.getKey()));
        }
    }

    @Test
    void everyHandleHasItsDescriptorsType() throws ReflectiveOperationException {
        for (var e : holders().entrySet()) {
            FunctionDescriptor desc = (FunctionDescriptor) get(e.getValue(), "DESC");
            MethodHandle handle = (MethodHandle) get(e.getValue(), "HANDLE");
            assertNotNull(handle, e.getKey());
            assertEquals(desc.toMethodType(), handle.type(), e.getKey());
        }
    }

    @Test
    void publicAccessorsExposeTheHolders() {
        assertEquals(abi(nvml_h.nvmlDeviceGetMemoryInfo$descriptor()),
                expected("nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory)"));
        assertEquals(nvml_h.nvmlDeviceGetMemoryInfo$descriptor().toMethodType(), nvml_h.nvmlDeviceGetMemoryInfo$handle().type());
    }

    @Test
    void structLayoutsMatchNvmlH() {
        // typedef struct nvmlMemory_st { unsigned long long total, free, used; } nvmlMemory_t;
        assertEquals(24, nvml_h.nvmlMemory_t.sizeof());
        assertEquals(0, nvml_h.nvmlMemory_t.total$offset());
        assertEquals(8, nvml_h.nvmlMemory_t.free$offset());
        assertEquals(16, nvml_h.nvmlMemory_t.used$offset());
        // typedef struct nvmlUtilization_st { unsigned int gpu, memory; } nvmlUtilization_t;
        assertEquals(8, nvml_h.nvmlUtilization_t.sizeof());
        assertEquals(0, nvml_h.nvmlUtilization_t.gpu$offset());
        assertEquals(4, nvml_h.nvmlUtilization_t.memory$offset());

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = nvml_h.nvmlMemory_t.allocate(arena);
            nvml_h.nvmlMemory_t.total(m, 80L << 30);
            nvml_h.nvmlMemory_t.free(m, 1L << 30);
            nvml_h.nvmlMemory_t.used(m, 79L << 30);
            assertEquals(80L << 30, m.get(ValueLayout.JAVA_LONG, 0));
            assertEquals(1L << 30, m.get(ValueLayout.JAVA_LONG, 8));
            assertEquals(79L << 30, nvml_h.nvmlMemory_t.used(m));
            MemorySegment u = nvml_h.nvmlUtilization_t.allocate(arena);
            u.set(ValueLayout.JAVA_INT, 0, 97);
            u.set(ValueLayout.JAVA_INT, 4, 41);
            assertEquals(97, nvml_h.nvmlUtilization_t.gpu(u));
            assertEquals(41, nvml_h.nvmlUtilization_t.memory(u));
        }
    }

    @Test
    void constantsMatchNvmlH() {
        assertEquals(0, nvml_h.NVML_SUCCESS());
        assertEquals(3, nvml_h.NVML_ERROR_NOT_SUPPORTED());
        assertEquals(1, nvml_h.NVML_CLOCK_SM());
        assertEquals(2, nvml_h.NVML_CLOCK_MEM());
        assertEquals(0, nvml_h.NVML_TEMPERATURE_GPU());
        assertEquals(80, nvml_h.NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE());
        assertEquals(96, nvml_h.NVML_DEVICE_NAME_V2_BUFFER_SIZE());
        assertEquals(0x1L, nvml_h.nvmlClocksThrottleReasonGpuIdle());
        assertEquals(0x100L, nvml_h.nvmlClocksEventReasonDisplayClockSetting());
    }

    @Test
    void withoutTheLibraryACallThrowsUnsatisfiedLinkErrorNamingIt() {
        assumeTrue(nvml_h.libraryLoadFailure() != null, "libnvidia-ml.so.1 is here: this test is for machines without it");
        assertEquals(0, nvml_h.nvmlInit_v2$address().address());
        UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, nvml_h::nvmlInit_v2);
        assertTrue(e.getMessage().contains("nvmlInit_v2"), e.getMessage());
        assertTrue(e.getMessage().contains("libnvidia-ml.so.1"), e.getMessage());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
            assertThrows(UnsatisfiedLinkError.class, () -> nvml_h.nvmlDeviceGetCount_v2(out));
        }
    }
}
