package io.jharness.engine.djl;

import io.jharness.engine.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DJL's PyTorch engine as this harness uses it: started once, with its telemetry off, and the
 * versions of its parts (DJL, the libtorch it loaded and where from) for run metadata.
 */
final class DjlRuntime {

    /** DJL's switch for TorchScript's profiling executor and fusers, read per thread in {@code Block.forward}. */
    static final String GRAPH_OPTIMIZER = "ai.djl.pytorch.graph_optimizer";

    private static final Pattern TORCH_VERSION = Pattern.compile("__version__\\s*=\\s*['\"]([^'\"]+)['\"]");

    private DjlRuntime() {}

    /**
     * Starts DJL's PyTorch engine, or says plainly why it cannot start.
     *
     * @throws EngineException naming what to do
     */
    static ai.djl.engine.Engine start() {
        // DJL otherwise probes a cloud metadata address at start-up (1 s timeouts each).
        System.setProperty("OPT_OUT_TRACKING", System.getProperty("OPT_OUT_TRACKING", "true"));
        // TorchScript's profiling executor stays on unless the user turns it off, as in DJL and in
        // a Python loop: it specializes the graph to the shapes it has seen, so each point's warm-up
        // (prefill and decode at the point's batch size) carries its one-time cost, not the figures.
        System.setProperty(GRAPH_OPTIMIZER, Boolean.toString(graphOptimizer()));
        try {
            return ai.djl.engine.Engine.getEngine("PyTorch");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            String path = System.getenv("PYTORCH_LIBRARY_PATH");
            if (path == null) {
                throw new EngineException("DJL could not load libtorch: " + rootCause(e) + ". On CPU, DJL's libtorch "
                        + "comes with the harness (harness/target/lib); with a GPU, set PYTORCH_LIBRARY_PATH to a "
                        + "libtorch and give DJL a JNI built for it (README: GPU machines)");
            }
            throw new EngineException("DJL " + ai.djl.engine.Engine.getDjlVersion() + "'s JNI could not be loaded with the libtorch "
                    + realTorchVersion(path).orElse(System.getenv().getOrDefault("PYTORCH_VERSION", "(version unknown)"))
                    + " at PYTORCH_LIBRARY_PATH=" + path + ": " + rootCause(e)
                    + ". A DJL JNI must be built for that exact libtorch (README: GPU machines)");
        }
    }

    /** Whether TorchScript's profiling executor runs: on unless {@link #GRAPH_OPTIMIZER} says false. */
    static boolean graphOptimizer() {
        return Boolean.parseBoolean(System.getProperty(GRAPH_OPTIMIZER, "true"));
    }

    /** DJL's version, the libtorch version, and where that libtorch was loaded from. */
    static Map<String, String> versions(ai.djl.engine.Engine engine) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("djl", ai.djl.engine.Engine.getDjlVersion());
        String path = System.getenv("PYTORCH_LIBRARY_PATH");
        v.put("libtorch", realTorchVersion(path).orElse(engine.getVersion()));
        v.put("libtorch_source", path != null ? path : "DJL's pytorch-native-cpu " + engine.getVersion());
        // TorchScript's profiling executor (and its fusers) on or off: it changes what a step runs,
        // so a comparison with another path must show it.
        v.put("torchscript_optimize", Boolean.toString(graphOptimizer()));
        return v;
    }

    /**
     * The version pip's torch records next to its libraries ({@code torch/version.py}), which
     * is the truth; DJL only reports what {@code PYTORCH_VERSION} says.
     */
    static Optional<String> realTorchVersion(String libraryPath) {
        if (libraryPath == null || libraryPath.isBlank()) {
            return Optional.empty();
        }
        Path lib = Path.of(libraryPath.split(":")[0]);
        for (Path candidate : new Path[] {lib.resolveSibling("version.py"), lib.resolve("version.py")}) {
            try {
                if (Files.isRegularFile(candidate)) {
                    Matcher m = TORCH_VERSION.matcher(Files.readString(candidate));
                    if (m.find()) {
                        return Optional.of(m.group(1));
                    }
                }
            } catch (java.io.IOException e) {
                // fall through to DJL's own claim
            }
        }
        return Optional.empty();
    }

    /** The first line of the deepest cause: usually the loader's own words. */
    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? firstLine(e) : firstLine(e) + " (" + firstLine(t) + ")";
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
