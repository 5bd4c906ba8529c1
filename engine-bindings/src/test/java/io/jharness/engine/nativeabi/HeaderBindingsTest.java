package io.jharness.engine.nativeabi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jharness.engine.nativeabi.bindings.jh_info;
import io.jharness.engine.nativeabi.bindings.jharness_engine_h;
import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated bindings against the header they were generated from: every function of
 * {@code native/include/jharness_engine.h} has a holder class whose {@code DESC} matches its
 * prototype, every holder a function, every constant its value, and {@code jh_info}'s layout the C
 * struct's fields, offsets and padding. A small regex parser reads the header, so a change to the
 * header that the bindings do not follow fails here (regenerate with scripts/jextract.sh, or edit
 * the bindings in jextract's shape where jextract is not at hand).
 */
class HeaderBindingsTest {

    /** The header, from the engine-bindings folder that Maven runs tests in. */
    static final Path HEADER = Path.of("..", "native", "include", "jharness_engine.h");

    record CFunction(String returnType, String name, List<String> parameterTypes) {}

    record CField(String type, String name, long arrayLength) {}

    private static String header;

    @BeforeAll
    static void readHeader() throws IOException {
        assertTrue(Files.isRegularFile(HEADER), HEADER.toAbsolutePath() + " is missing");
        header = stripComments(Files.readString(HEADER));
    }

    // ----------------------------------------------------------------------------------------
    // the parser
    // ----------------------------------------------------------------------------------------

    static String stripComments(String c) {
        return c.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", "");
    }

    private static final Pattern PROTOTYPE = Pattern.compile(
            "(?m)^[ \\t]*([A-Za-z_][\\w \\t]*?[ \\t*]+)(jh_\\w+)\\s*\\(([^)]*)\\)\\s*;");

    static List<CFunction> functions(String h) {
        List<CFunction> out = new ArrayList<>();
        Matcher m = PROTOTYPE.matcher(h);
        while (m.find()) {
            List<String> params = new ArrayList<>();
            String list = m.group(3).replaceAll("\\s+", " ").strip();
            if (!list.equals("void") && !list.isEmpty()) {
                for (String p : list.split(",")) {
                    params.add(parameterType(p.strip()));
                }
            }
            out.add(new CFunction(normalize(m.group(1)), m.group(2), params));
        }
        return out;
    }

    /** A parameter's type: the declaration without its name ({@code const int32_t *slots} -> {@code int32_t *}). */
    static String parameterType(String declaration) {
        String d = declaration.replaceAll("\\[\\s*\\d*\\s*]$", "").strip();
        boolean array = !d.equals(declaration.strip());
        Matcher m = Pattern.compile("^(.*?[\\s*])([A-Za-z_]\\w*)$").matcher(d);
        String type = m.matches() && !m.group(1).isBlank() ? m.group(1) : d;
        return normalize(type + (array ? "*" : ""));
    }

    /** {@code const char *} -> {@code char *}; {@code enum jh_status} -> {@code jh_status}; one space before the stars. */
    static String normalize(String type) {
        String t = type.replaceAll("\\bconst\\b", "").replaceAll("\\benum\\b", "").replaceAll("\\s+", " ").strip();
        String stars = t.replaceAll("[^*]", "");
        String base = t.replace("*", "").strip();
        return stars.isEmpty() ? base : base + " " + stars;
    }

    static List<CField> structFields(String h, String name) {
        Matcher m = Pattern.compile("struct\\s+" + name + "\\s*\\{([^}]*)}").matcher(h);
        assertTrue(m.find(), "struct " + name + " is not in the header");
        List<CField> fields = new ArrayList<>();
        for (String decl : m.group(1).split(";")) {
            String d = decl.replaceAll("\\s+", " ").strip();
            if (d.isEmpty()) {
                continue;
            }
            Matcher f = Pattern.compile("^(.*?[\\s*])([A-Za-z_]\\w*)\\s*(?:\\[(\\d+)])?$").matcher(d);
            assertTrue(f.matches(), "cannot read field '" + d + "' of struct " + name);
            fields.add(new CField(normalize(f.group(1)), f.group(2), f.group(3) == null ? -1 : Long.parseLong(f.group(3))));
        }
        return fields;
    }

    /** {@code #define JH_X n} and the {@code JH_X = n} members of enums. */
    static Map<String, Long> constants(String h) {
        Map<String, Long> out = new TreeMap<>();
        Matcher d = Pattern.compile("(?m)^\\s*#define\\s+(JH_\\w+)\\s+(-?\\d+)\\s*$").matcher(h);
        while (d.find()) {
            out.put(d.group(1), Long.parseLong(d.group(2)));
        }
        Matcher e = Pattern.compile("enum\\s+\\w*\\s*\\{([^}]*)}").matcher(h);
        while (e.find()) {
            for (String member : e.group(1).split(",")) {
                Matcher m = Pattern.compile("^\\s*(JH_\\w+)\\s*=\\s*(-?\\d+)\\s*$").matcher(member);
                if (m.matches()) {
                    out.put(m.group(1), Long.parseLong(m.group(2)));
                } else if (!member.isBlank()) {
                    fail("enum member '" + member.strip() + "' has no explicit value; the parser wants one");
                }
            }
        }
        return out;
    }

    /** The layout a C type is bound with; null for {@code void}. */
    static MemoryLayout layout(String type) {
        if (type.endsWith("*")) {
            return ValueLayout.ADDRESS;
        }
        return switch (type) {
            case "int32_t", "uint32_t", "int", "jh_status" -> ValueLayout.JAVA_INT;
            case "int64_t", "uint64_t" -> ValueLayout.JAVA_LONG;
            case "char" -> ValueLayout.JAVA_BYTE;
            case "float" -> ValueLayout.JAVA_FLOAT;
            case "double" -> ValueLayout.JAVA_DOUBLE;
            case "void" -> null;
            default -> throw new AssertionError("the test maps no layout to the C type '" + type + "'; add it");
        };
    }

    static FunctionDescriptor descriptor(CFunction f) {
        MemoryLayout[] args = f.parameterTypes().stream().map(HeaderBindingsTest::layout).toArray(MemoryLayout[]::new);
        MemoryLayout ret = layout(f.returnType());
        return ret == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(ret, args);
    }

    /** A layout as the test compares it: no names, pointers without target layouts. */
    static MemoryLayout plain(MemoryLayout l) {
        return switch (l) {
            case AddressLayout a -> a.withoutTargetLayout().withoutName();
            case ValueLayout v -> v.withoutName();
            case SequenceLayout s -> MemoryLayout.sequenceLayout(s.elementCount(), plain(s.elementLayout()));
            case PaddingLayout p -> MemoryLayout.paddingLayout(p.byteSize());
            case GroupLayout g -> throw new AssertionError("nested struct " + g + ": extend the test");
        };
    }

    static FunctionDescriptor plain(FunctionDescriptor d) {
        MemoryLayout[] args = d.argumentLayouts().stream().map(HeaderBindingsTest::plain).toArray(MemoryLayout[]::new);
        return d.returnLayout().map(r -> FunctionDescriptor.of(plain(r), args)).orElseGet(() -> FunctionDescriptor.ofVoid(args));
    }

    // ----------------------------------------------------------------------------------------
    // the parser reads this header as meant (so the comparisons below compare something)
    // ----------------------------------------------------------------------------------------

    @Test
    void theParserReadsTheHeader() {
        Map<String, CFunction> byName = functions(header).stream()
                .collect(Collectors.toMap(CFunction::name, f -> f, (a, b) -> fail("twice: " + a.name()), LinkedHashMap::new));
        assertEquals(List.of("jh_abi_version", "jh_last_error", "jh_create", "jh_get_info", "jh_open", "jh_prefill",
                "jh_decode", "jh_release", "jh_stream", "jh_last_step_rows", "jh_close", "jh_destroy"),
                List.copyOf(byName.keySet()));
        assertEquals(new CFunction("char *", "jh_last_error", List.of()), byName.get("jh_last_error"));
        assertEquals(new CFunction("jh_status", "jh_prefill", List.of("jh_session *", "int32_t", "int32_t *", "int32_t *",
                "int32_t *", "int32_t *")), byName.get("jh_prefill"));
        assertEquals(new CFunction("jh_status", "jh_create", List.of("char *", "jh_engine **")), byName.get("jh_create"));
        assertEquals(new CFunction("void *", "jh_stream", List.of("jh_session *")), byName.get("jh_stream"));
        assertEquals(new CFunction("int32_t", "jh_last_step_rows", List.of("jh_session *")),
                byName.get("jh_last_step_rows"));
        assertEquals(new CField("char", "model", 256), structFields(header, "jh_info").get(5));
        assertEquals(Map.of("JH_ABI_VERSION", 1L, "JH_OK", 0L, "JH_ERR_INVALID_ARGUMENT", 1L, "JH_ERR_OUT_OF_MEMORY", 2L,
                "JH_ERR_RUNTIME", 3L, "JH_FLAG_ROWS_ARE_SLOTS", 1L), constants(header));
        assertEquals("int32_t *", parameterType("const int32_t slots[]"));
    }

    // ----------------------------------------------------------------------------------------
    // functions
    // ----------------------------------------------------------------------------------------

    /** The holder classes of jharness_engine_h: one per function, with DESC, ADDR and HANDLE. */
    static Map<String, Class<?>> holders() {
        Map<String, Class<?>> out = new TreeMap<>();
        for (Class<?> c : jharness_engine_h.class.getDeclaredClasses()) {
            if (Arrays.stream(c.getDeclaredFields()).anyMatch(f -> f.getName().equals("DESC"))) {
                out.put(c.getSimpleName(), c);
            }
        }
        return out;
    }

    @Test
    void everyFunctionHasABindingAndEveryBindingAFunction() {
        Set<String> inHeader = functions(header).stream().map(CFunction::name).collect(Collectors.toCollection(TreeSet::new));
        Set<String> bound = holders().keySet();
        Set<String> unbound = new TreeSet<>(inHeader);
        unbound.removeAll(bound);
        Set<String> stale = new TreeSet<>(bound);
        stale.removeAll(inHeader);
        assertTrue(unbound.isEmpty(), "functions of the header without a binding: " + unbound + " (run scripts/jextract.sh)");
        assertTrue(stale.isEmpty(), "bindings of functions the header no longer has: " + stale + " (run scripts/jextract.sh)");
        assertEquals(inHeader, new TreeSet<>(NativeLibrary.FUNCTIONS), "the functions NativeLibrary checks a library for");
        for (Class<?> holder : holders().values()) {
            assertTrue(Modifier.isPrivate(holder.getModifiers()) && Modifier.isStatic(holder.getModifiers()),
                    holder + " is a private static nested class, as jextract emits it");
        }
    }

    @Test
    void everyBindingHasTheHeadersSignature() throws ReflectiveOperationException {
        // Reading DESC initializes the holder, which resolves its symbol: bind a library first.
        NativeTestSupport.assumeBundledReference();
        NativeLibrary.load(NativeEngineProvider.bundledLibrary(), "libjharness_reference.so");
        Map<String, Class<?>> holders = holders();
        List<String> wrong = new ArrayList<>();
        for (CFunction f : functions(header)) {
            Class<?> holder = holders.get(f.name());
            if (holder == null) {
                wrong.add(f.name() + ": no binding");
                continue;
            }
            Field descField = holder.getDeclaredField("DESC");
            descField.setAccessible(true);
            Field handleField = holder.getDeclaredField("HANDLE");
            handleField.setAccessible(true);
            FunctionDescriptor desc = (FunctionDescriptor) descField.get(null);
            FunctionDescriptor expected = descriptor(f);
            if (!plain(desc).equals(expected)) {
                wrong.add(f.name() + ": the header says " + expected + " (" + f + "), the binding " + desc);
                continue;
            }
            MethodType type = desc.toMethodType();
            assertEquals(type, ((MethodHandle) handleField.get(null)).type(), f.name() + " HANDLE");
            Method wrapper = jharness_engine_h.class.getMethod(f.name(), type.parameterArray());
            assertEquals(type.returnType(), wrapper.getReturnType(), f.name() + " wrapper");
            assertTrue(Modifier.isStatic(wrapper.getModifiers()), f.name() + " wrapper is static");
            assertEquals(desc, jharness_engine_h.class.getMethod(f.name() + "$descriptor").invoke(null));
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    // ----------------------------------------------------------------------------------------
    // constants
    // ----------------------------------------------------------------------------------------

    @Test
    void everyConstantHasItsValue() throws ReflectiveOperationException {
        Map<String, Long> inHeader = constants(header);
        Map<String, Long> bound = new TreeMap<>();
        for (Method m : jharness_engine_h.class.getMethods()) {
            if (m.getName().matches("JH_[A-Z0-9_]+") && m.getParameterCount() == 0 && Modifier.isStatic(m.getModifiers())) {
                bound.put(m.getName(), ((Number) m.invoke(null)).longValue());
            }
        }
        assertEquals(inHeader, bound, "constants of the header vs of jharness_engine_h");
    }

    // ----------------------------------------------------------------------------------------
    // jh_info
    // ----------------------------------------------------------------------------------------

    /** The C struct's layout by the SysV x86-64 rules: natural alignment, padding before a field and at the end. */
    static List<MemoryLayout> cLayout(List<CField> fields) {
        List<MemoryLayout> members = new ArrayList<>();
        long offset = 0;
        long align = 1;
        for (CField f : fields) {
            MemoryLayout element = layout(f.type());
            MemoryLayout member = f.arrayLength() < 0 ? element : MemoryLayout.sequenceLayout(f.arrayLength(), element);
            long a = element.byteAlignment();
            align = Math.max(align, a);
            long padded = (offset + a - 1) / a * a;
            if (padded > offset) {
                members.add(MemoryLayout.paddingLayout(padded - offset));
            }
            members.add(member.withName(f.name()));
            offset = padded + member.byteSize();
        }
        long size = (offset + align - 1) / align * align;
        if (size > offset) {
            members.add(MemoryLayout.paddingLayout(size - offset));
        }
        return members;
    }

    @Test
    void jhInfoHasTheStructsFieldsOffsetsAndPadding() {
        List<MemoryLayout> expected = cLayout(structFields(header, "jh_info"));
        List<MemoryLayout> bound = jh_info.layout().memberLayouts();
        assertEquals(describe(expected), describe(bound), "jh_info's members (name, layout, offset)");
        assertEquals(expected.stream().mapToLong(MemoryLayout::byteSize).sum(), jh_info.sizeof());
        assertEquals(416, jh_info.sizeof(), "4 int32 and 64 + 256 + 64 + 16 chars, no padding");
        assertEquals("jh_info", jh_info.layout().name().orElseThrow());
        for (CField f : structFields(header, "jh_info")) {
            long offset = jh_info.layout().byteOffset(MemoryLayout.PathElement.groupElement(f.name()));
            try {
                assertEquals(offset, (long) jh_info.class.getMethod(f.name() + "$offset").invoke(null), f.name());
            } catch (ReflectiveOperationException e) {
                fail("jh_info has no " + f.name() + "$offset(): " + e);
            }
        }
    }

    private static List<String> describe(List<MemoryLayout> members) {
        List<String> out = new ArrayList<>();
        long offset = 0;
        for (MemoryLayout m : members) {
            out.add(offset + ": " + m.name().orElse("(padding)") + " " + plain(m));
            offset += m.byteSize();
        }
        return out;
    }

    /** Where gcc is at hand, the C compiler's own sizeof and offsetof agree with the bound layout. */
    @Test
    void jhInfoMatchesWhatGccLaysOut(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(NativeTestSupport.haveGcc(), "no gcc");
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include \"jharness_engine.h\"\n"
                + "int main(void) {\n    printf(\"sizeof %zu\\n\", sizeof(jh_info));\n");
        for (CField f : structFields(header, "jh_info")) {
            c.append("    printf(\"").append(f.name()).append(" %zu\\n\", offsetof(jh_info, ").append(f.name()).append("));\n");
        }
        c.append("    return 0;\n}\n");
        Path src = Files.writeString(dir.resolve("layout.c"), c);
        Path exe = dir.resolve("layout");
        Process cc = new ProcessBuilder("gcc", "-std=c11", "-I", HEADER.getParent().toString(), "-o", exe.toString(),
                src.toString()).redirectErrorStream(true).start();
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, ccOut);
        Process run = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS) && run.exitValue() == 0, out);
        StringBuilder bound = new StringBuilder("sizeof " + jh_info.sizeof() + "\n");
        for (CField f : structFields(header, "jh_info")) {
            bound.append(f.name()).append(' ')
                    .append(jh_info.layout().byteOffset(MemoryLayout.PathElement.groupElement(f.name()))).append('\n');
        }
        assertEquals(out, bound.toString());
    }
}
