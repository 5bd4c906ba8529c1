package io.jharness.engine.nativeabi;

import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineException;
import io.jharness.engine.nativeabi.bindings.jharness_engine_h;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An engine library that the generated bindings ({@link jharness_engine_h}) call into.
 *
 * <h2>How the bindings find the library</h2>
 *
 * <p>{@code jharness_engine_h} is what jextract emits for a header without {@code --library}: its
 * {@code SYMBOL_LOOKUP} is {@code SymbolLookup.loaderLookup().or(Linker.nativeLinker().defaultLookup())},
 * and each function's holder class resolves its symbol there the first time the function is called.
 * The loader lookup sees the libraries that this class loader loaded with {@link System#load}, so
 * {@link #load} {@code System.load}s the path the user gave ({@code --native-lib}) before the first
 * downcall, and from then on the bindings call into it. The other form jextract emits,
 * {@code --library NAME} or {@code --library :PATH}, bakes a {@code SymbolLookup.libraryLookup} of a
 * name or path into the generated class at generation time, which cannot follow a path chosen at
 * run time.
 *
 * <p>The holder classes bind their symbols once, so a JVM (a class loader) binds one engine library:
 * loading a second, different library is refused with a clear message. That fits the harness, which
 * runs one engine per process. A library is never {@code System.load}ed before it passed its
 * checks, made through a private {@link SymbolLookup#libraryLookup(Path, Arena)} that is closed
 * again: the file exists and opens, {@code jh_abi_version} is there and returns
 * {@code JH_ABI_VERSION} (checked first, so a library of another ABI version is named as such), and
 * every function of the header is there. A library that fails them is never bound, the holder
 * classes never fail to initialize, and another library can still be tried.
 */
final class NativeLibrary {

    /** The message for a JVM that runs without native access. */
    static final String NATIVE_ACCESS_HINT =
            "the native engine calls C through the FFM API, which this JVM does not allow: "
                    + "run java with --enable-native-access=ALL-UNNAMED (bin/harness does)";

    /** The header's functions, from the generated bindings (one {@code NAME$address()} each). */
    static final List<String> FUNCTIONS = functions();

    private static Path boundPath;

    private final Path path;
    private final String name;

    private NativeLibrary(Path path, String name) {
        this.path = path;
        this.name = name;
    }

    /** The library's absolute path. */
    Path path() {
        return path;
    }

    /** The name shown to people: the library's file name, or the bundled library's name. */
    String name() {
        return name;
    }

    /**
     * Checks the library at {@code path} and binds the generated bindings to it.
     *
     * @param name the name shown in messages and in the engine's model description
     * @throws EngineConfigException when the file does not exist or does not load, its ABI version
     *                               is not {@code JH_ABI_VERSION}, a function is missing, native
     *                               access is not enabled, or another library is bound already
     */
    static synchronized NativeLibrary load(Path path, String name) {
        Path real;
        try {
            real = path.toAbsolutePath().toRealPath();
        } catch (java.io.IOException e) {
            throw new EngineConfigException("native engine library " + path + " does not exist");
        }
        if (!Files.isRegularFile(real)) {
            throw new EngineConfigException("native engine library " + path + " is not a file");
        }
        check(real, name);
        if (boundPath != null && !boundPath.equals(real)) {
            throw new EngineConfigException("this JVM already bound the native engine library " + boundPath
                    + "; the bindings call one library per process, so run " + name + " in a new one");
        }
        if (boundPath == null) {
            try {
                System.load(real.toString());
            } catch (IllegalCallerException e) {
                throw new EngineConfigException(NATIVE_ACCESS_HINT);
            } catch (UnsatisfiedLinkError e) {
                throw new EngineException("loading native engine library " + real + " failed: " + e.getMessage());
            }
            boundPath = real;
        }
        return new NativeLibrary(real, name);
    }

    /** Opens the library on its own, checks its ABI version and its symbols, and closes it again. */
    private static void check(Path real, String name) {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup lookup;
            try {
                lookup = SymbolLookup.libraryLookup(real, arena);
            } catch (IllegalCallerException e) {
                throw new EngineConfigException(NATIVE_ACCESS_HINT);
            } catch (IllegalArgumentException e) {
                throw new EngineConfigException("native engine library " + real + " does not load: " + e.getMessage());
            }
            MemorySegment version = lookup.find("jh_abi_version").orElseThrow(() -> new EngineConfigException(
                    "native engine library " + real + " is not a jharness engine: it has no jh_abi_version "
                            + "(native/include/jharness_engine.h)"));
            int found = abiVersion(version);
            int expected = jharness_engine_h.JH_ABI_VERSION();
            if (found != expected) {
                throw new EngineConfigException("native engine library " + real + " implements ABI version " + found
                        + ", but this harness speaks ABI version " + expected
                        + " (native/include/jharness_engine.h); rebuild the library against that header");
            }
            List<String> missing = new ArrayList<>();
            for (String function : FUNCTIONS) {
                if (lookup.find(function).isEmpty()) {
                    missing.add(function);
                }
            }
            if (!missing.isEmpty()) {
                throw new EngineConfigException("native engine library " + real + " lacks "
                        + (missing.size() == 1 ? "the function " : "the functions ") + String.join(", ", missing)
                        + " of ABI version " + expected + " (native/include/jharness_engine.h)");
            }
        }
    }

    /**
     * Calls {@code jh_abi_version} at an address of the private lookup. The generated holder class
     * cannot be used here: initializing it resolves the symbol through the loader lookup, that is,
     * binds the library before it was checked.
     */
    private static int abiVersion(MemorySegment address) {
        MethodHandle handle;
        try {
            handle = Linker.nativeLinker().downcallHandle(address, FunctionDescriptor.of(jharness_engine_h.C_INT));
        } catch (IllegalCallerException e) {
            throw new EngineConfigException(NATIVE_ACCESS_HINT);
        }
        try {
            return (int) handle.invokeExact();
        } catch (Throwable e) {
            throw new EngineException("calling jh_abi_version failed: " + e);
        }
    }

    private static List<String> functions() {
        List<String> names = new ArrayList<>(Arrays.stream(jharness_engine_h.class.getMethods())
                .map(Method::getName)
                .filter(n -> n.endsWith("$address"))
                .map(n -> n.substring(0, n.length() - "$address".length()))
                .sorted()
                .toList());
        // The version comes first: the library is checked in this order.
        names.remove("jh_abi_version");
        names.addFirst("jh_abi_version");
        return List.copyOf(names);
    }

    /** The path of the library this JVM has bound, if any. */
    static synchronized Optional<Path> bound() {
        return Optional.ofNullable(boundPath);
    }
}
