package io.jharness.engine.nativeabi;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineException;
import io.jharness.engine.EngineProvider;
import io.jharness.engine.EngineSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Provides the {@code native} engine: a shared library that implements
 * {@code native/include/jharness_engine.h}, called in-process through FFM.
 *
 * <p>Options ({@code --engine-opt}, or the CLI's {@code --native-lib}/{@code --native-config}):
 * {@code lib}, the library's path (default: the C reference engine bundled on the class path,
 * extracted to a temporary file), and {@code config}, the configuration string for
 * {@code jh_create} ({@code key=value;key=value}, default empty), and {@code gpu-timer=on|off}
 * (CUDA-event step timing on the session's {@code jh_stream} when the library runs on a CUDA device;
 * on by default). The device, model and dtype are the library's business: {@code --model PATH} and
 * {@code --device D} are added to the configuration string as {@code model=PATH} and
 * {@code device=D} (so libraries that take those keys, like the libtorch engine, can be run with
 * the same flags as the djl engine); {@code --dtype} is refused.
 */
public final class NativeEngineProvider implements EngineProvider {

    static final List<String> KEYS = List.of("lib", "config", "gpu-timer");

    /** Where the bundled reference engine lies on the class path. */
    static final String BUNDLED_RESOURCE = "native/linux-x86_64/libjharness_reference.so";

    private static Path extracted;

    @Override
    public String name() {
        return "native";
    }

    @Override
    public String description() {
        return "a shared library implementing native/include/jharness_engine.h, called through FFM "
                + "(--native-lib PATH, --native-config STRING)";
    }

    /** The library decides where it runs; the harness cannot know before loading it. */
    @Override
    public boolean usesGpu() {
        return false;
    }

    @Override
    public Availability availability() {
        return Availability.yes(bundledResource() != null
                ? "loads --native-lib PATH, or the bundled C reference engine"
                : "loads --native-lib PATH (this build bundles no reference engine)");
    }

    @Override
    public Engine create(EngineSpec spec) {
        for (String key : spec.options().keySet()) {
            if (!KEYS.contains(key)) {
                throw new EngineConfigException("the native engine has no option '" + key + "'; it has: "
                        + String.join(", ", KEYS) + " (--native-lib, --native-config)");
            }
        }
        if (spec.dtype() != null) {
            throw new EngineConfigException("the native engine's dtype is its library's business; "
                    + "pass it in --native-config, not --dtype " + spec.dtype());
        }
        String config = withKey(withKey(spec.option("config").orElse(""), "model", spec.model(), "--model"),
                "device", spec.device(), "--device");
        String timer = spec.option("gpu-timer").orElse("on");
        if (!timer.equals("on") && !timer.equals("off")) {
            throw new EngineConfigException("native option gpu-timer=" + timer + " is not allowed; use on or off");
        }
        if (config.indexOf('\0') >= 0) {
            throw new EngineConfigException("the native engine's config string may not contain NUL characters");
        }
        NativeLibrary library = spec.option("lib")
                .map(lib -> {
                    if (lib.isBlank()) {
                        throw new EngineConfigException("--native-lib is empty; give the path of a shared library");
                    }
                    Path path = Path.of(lib);
                    return NativeLibrary.load(path, String.valueOf(path.getFileName()));
                })
                .orElseGet(() -> NativeLibrary.load(bundledLibrary(), "libjharness_reference.so"));
        return NativeEngine.create(library, config, timer.equals("on"));
    }

    /** {@code config} with {@code key=value} added, refusing a second value for the key. */
    static String withKey(String config, String key, String value, String flag) {
        if (value == null) {
            return config;
        }
        for (String entry : config.split(";")) {
            if (entry.strip().startsWith(key + "=")) {
                throw new EngineConfigException(flag + " " + value + " and --native-config '" + entry.strip()
                        + "' both set " + key + "; give it once");
            }
        }
        return config.isEmpty() ? key + "=" + value : config + ";" + key + "=" + value;
    }

    private static URL bundledResource() {
        return NativeEngineProvider.class.getClassLoader().getResource(BUNDLED_RESOURCE);
    }

    /**
     * The bundled reference engine, extracted once per JVM to a temporary file (deleted on exit),
     * so every engine of the JVM loads the same path.
     *
     * @throws EngineConfigException when this platform or this build has none
     */
    static synchronized Path bundledLibrary() {
        if (extracted != null) {
            return extracted;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new EngineConfigException("the bundled reference engine is built for linux-x86_64, not " + os + "-"
                    + arch + "; build one for this machine and pass it with --native-lib PATH");
        }
        URL resource = bundledResource();
        if (resource == null) {
            throw new EngineConfigException("this build bundles no reference engine (" + BUNDLED_RESOURCE
                    + " is not on the class path; it needs gcc at build time); pass a library with --native-lib PATH");
        }
        try (InputStream in = resource.openStream()) {
            Path dir = Files.createTempDirectory("jharness-native-");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("libjharness_reference.so");
            // Registered after the folder, so deleted before it.
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            extracted = file;
            return file;
        } catch (IOException e) {
            throw new EngineException("extracting the bundled reference engine failed: " + e.getMessage());
        }
    }
}
