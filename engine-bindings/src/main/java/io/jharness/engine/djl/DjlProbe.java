package io.jharness.engine.djl;

import io.jharness.engine.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Loads DJL, the libtorch at {@code PYTORCH_LIBRARY_PATH} and the model in a child JVM first, and
 * runs the start-up self-check there. A DJL JNI built for another libtorch does not always fail
 * politely: seen on an H100 with DJL's published 2.7.1 JNI and torch 2.11, it crashed the JVM
 * with SIGSEGV in libc10. A crash in the child becomes one clear error here instead of a dead
 * harness. Runs only for a libtorch the harness did not ship (its own CPU pair is known to match).
 */
public final class DjlProbe {

    /** The child's exit code for an error it could report itself. */
    private static final int REPORTED = 3;
    private static final String OK = "jharness-djl-probe: ok";

    private DjlProbe() {}

    /** Whether this run uses a libtorch from outside the harness, which is what the probe guards. */
    static boolean wanted() {
        String path = System.getenv("PYTORCH_LIBRARY_PATH");
        return path != null && !path.isBlank();
    }

    /**
     * Runs the child and returns when DJL, libtorch and the model work together.
     *
     * @throws EngineException naming the crash, DJL's version and the libtorch
     */
    static void check(Path model, String device) {
        Path errorDir;
        try {
            errorDir = Files.createTempDirectory("jharness-probe");
        } catch (IOException e) {
            throw new EngineException("cannot create a temporary directory for the DJL probe: " + e.getMessage());
        }
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Djava.awt.headless=true",
                "-XX:ErrorFile=" + errorDir.resolve("hs_err_%p.log"),
                "-XX:-CreateCoredumpOnCrash",
                "-cp", System.getProperty("java.class.path"),
                DjlProbe.class.getName(), model.toString(), device);
        String output;
        int exit;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            // The child writes little; reading it to the end also waits for it.
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new EngineException("the DJL probe did not finish in 10 minutes");
            }
            exit = p.exitValue();
        } catch (IOException e) {
            throw new EngineException("cannot start the DJL probe: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while the DJL probe ran");
        }
        if (exit == 0 && output.contains(OK)) {
            return;
        }
        String last = lastLine(output);
        if (exit == REPORTED) {
            throw new EngineException(last);
        }
        String path = System.getenv("PYTORCH_LIBRARY_PATH");
        String torch = DjlRuntime.realTorchVersion(path).orElse(System.getenv().getOrDefault("PYTORCH_VERSION", "?"));
        String frame = problematicFrame(output).map(f -> " in " + f).orElse("");
        throw new EngineException("DJL " + ai.djl.engine.Engine.getDjlVersion() + "'s JNI crashed the JVM (exit " + exit
                + frame + ") when run with the libtorch " + torch + " at PYTORCH_LIBRARY_PATH=" + path
                + ": the JNI was built for another libtorch. Build DJL's JNI against this libtorch, or point "
                + "PYTORCH_LIBRARY_PATH at the libtorch the JNI was built for (README: GPU machines)");
    }

    private static Optional<String> problematicFrame(String output) {
        List<String> lines = output.lines().toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).contains("Problematic frame:")) {
                return Optional.of(lines.get(i + 1).replaceFirst("^#\\s*", "").trim());
            }
        }
        return Optional.empty();
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }

    /** The child: loads the engine (which runs the self-check) and says ok. */
    public static void main(String[] args) {
        try (DjlEngine engine = new DjlEngine(Path.of(args[0]), ModelContract.read(Path.of(args[0])),
                DjlEngineProvider.device(args[1]), false)) {
            System.out.println(OK + " (" + engine.info().versions() + ")");
        } catch (RuntimeException e) {
            System.out.println(e.getMessage());
            System.exit(REPORTED);
        }
    }
}
