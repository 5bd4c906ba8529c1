package io.jharness.engine.djl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;
import io.jharness.engine.Engine;
import io.jharness.engine.EngineSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Fixtures and native-memory probes for the djl engine's tests. */
public final class DjlTestSupport {

    private DjlTestSupport() {}

    /** The fixtures directory, from engine-bindings/ (surefire's working directory). */
    public static Path fixtures() {
        Path dir = Path.of("..", "models", "fixtures").toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(dir), "no model fixtures at " + dir);
        return dir;
    }

    public static Path model(String name) {
        Path p = fixtures().resolve(name + ".pt");
        assertTrue(Files.isRegularFile(p), "no fixture " + p);
        return p;
    }

    public static Path sidecar(String name) {
        return fixtures().resolve(name + ".json");
    }

    /** A djl engine on the CPU for a fixture, in the model's own dtype. */
    public static Engine create(String fixture) {
        return new DjlEngineProvider().create(new EngineSpec("cpu", model(fixture).toString(), null, 0, Map.of()));
    }

    /** The model the engine loaded (test-only reflection: DjlEngine keeps it private). */
    public static Model model(Engine engine) {
        try {
            Field f = DjlEngine.class.getDeclaredField("model");
            f.setAccessible(true);
            return (Model) f.get(engine);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("DjlEngine has no field 'model' any more; update this probe", e);
        }
    }

    /**
     * Everything attached, directly or through sub-managers, to the model's NDManager: NDArrays
     * (NDLists count their arrays), sub-managers, and other resources. A session's manager and its
     * KV cache are in there; per-step tensors must not pile up.
     */
    public static long liveNativeObjects(Engine engine) {
        return count(model(engine).getNDManager());
    }

    private static long count(NDManager manager) {
        if (!(manager instanceof BaseNDManager base)) {
            return manager.getManagedArrays().size();
        }
        long n = 0;
        for (AutoCloseable r : resources(base, "resources").values()) {
            if (r instanceof NDManager sub) {
                n += 1 + count(sub);
            } else if (r instanceof NDResource res) {
                n += Math.max(1, res.getResourceNDArrays().size());
            } else {
                n++;
            }
        }
        return n + resources(base, "tempResources").size();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, AutoCloseable> resources(BaseNDManager m, String field) {
        try {
            Field f = BaseNDManager.class.getDeclaredField(field);
            f.setAccessible(true);
            return (Map<String, AutoCloseable>) f.get(m);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("BaseNDManager." + field + " is gone in this DJL; update this probe", e);
        }
    }

    /** This process's resident set in kB, from /proc/self/status. */
    public static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }
}
