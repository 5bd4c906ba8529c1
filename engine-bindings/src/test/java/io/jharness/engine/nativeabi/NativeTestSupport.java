package io.jharness.engine.nativeabi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jharness.engine.EngineSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The bundled reference engine, and throwaway engine libraries built with gcc. */
final class NativeTestSupport {

    private NativeTestSupport() {}

    /** Skips the calling test when this build bundles no reference engine. */
    static void assumeBundledReference() {
        assumeTrue(NativeTestSupport.class.getClassLoader().getResource(NativeEngineProvider.BUNDLED_RESOURCE) != null,
                NativeEngineProvider.BUNDLED_RESOURCE + " is not on the class path (the reference engine is built with gcc)");
    }

    /** The bundled reference engine with a config string. */
    static NativeEngine reference(String config) {
        assumeBundledReference();
        Map<String, String> options = config.isEmpty() ? Map.of() : Map.of("config", config);
        return (NativeEngine) new NativeEngineProvider().create(new EngineSpec(null, null, null, 42, options));
    }

    /** A library of every ABI function, each a stub, with this jh_abi_version; omits the named functions. */
    static Path stubLibrary(Path dir, String name, int abiVersion, Set<String> omit) {
        Map<String, String> functions = new LinkedHashMap<>();
        functions.put("jh_abi_version", "int32_t jh_abi_version(void) { return " + abiVersion + "; }");
        functions.put("jh_last_error", "const char *jh_last_error(void) { return \"a stub\"; }");
        functions.put("jh_create", "int jh_create(const char *c, void **o) { (void)c; (void)o; return 3; }");
        functions.put("jh_get_info", "int jh_get_info(const void *e, void *o) { (void)e; (void)o; return 3; }");
        functions.put("jh_open", "int jh_open(void *e, int32_t b, int32_t n, void **o) { (void)e; (void)b; (void)n; (void)o; return 3; }");
        functions.put("jh_prefill", "int jh_prefill(void *s, int32_t c, const int32_t *a, const int32_t *b, const int32_t *t, int32_t *f) "
                + "{ (void)s; (void)c; (void)a; (void)b; (void)t; (void)f; return 3; }");
        functions.put("jh_decode", "int jh_decode(void *s, int32_t c, const int32_t *a, const int32_t *l, int32_t *n) "
                + "{ (void)s; (void)c; (void)a; (void)l; (void)n; return 3; }");
        functions.put("jh_release", "int jh_release(void *s, int32_t slot) { (void)s; (void)slot; return 3; }");
        functions.put("jh_stream", "void *jh_stream(const void *s) { (void)s; return 0; }");
        functions.put("jh_last_step_rows", "int32_t jh_last_step_rows(const void *s) { (void)s; return -1; }");
        functions.put("jh_close", "void jh_close(void *s) { (void)s; }");
        functions.put("jh_destroy", "void jh_destroy(void *e) { (void)e; }");
        assertEquals(Set.copyOf(NativeLibrary.FUNCTIONS), functions.keySet(), "the stub must stub every ABI function");
        StringBuilder c = new StringBuilder("#include <stdint.h>\n");
        functions.forEach((fn, body) -> {
            if (!omit.contains(fn)) {
                c.append(body).append('\n');
            }
        });
        return gcc(dir, name, c.toString());
    }

    /** Compiles C source into {@code dir/lib<name>.so}; skips the test where there is no gcc. */
    static Path gcc(Path dir, String name, String source) {
        try {
            Path src = dir.resolve(name + ".c");
            Path lib = dir.resolve("lib" + name + ".so");
            Files.writeString(src, source);
            Process p;
            try {
                p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-std=c11", "-Wall", "-o", lib.toString(), src.toString())
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                assumeTrue(false, "no gcc here: " + e.getMessage());
                throw new AssertionError(e);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("gcc took over a minute");
            }
            assertEquals(0, p.exitValue(), () -> "gcc failed:\n" + out);
            return lib;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether gcc runs here. */
    static boolean haveGcc() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
