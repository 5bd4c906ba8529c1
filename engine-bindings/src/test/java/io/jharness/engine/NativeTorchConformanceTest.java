package io.jharness.engine;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jharness.engine.djl.DjlTestSupport;
import io.jharness.engine.nativeabi.NativeEngine;
import io.jharness.engine.nativeabi.NativeEngineProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The libtorch engine ({@code native/src/libtorch}), through FFM, with the tiny-gpt2 fixture,
 * against the conformance suite. It needs a build of {@code libjharness_torch.so}, named by the
 * environment variable {@code JHARNESS_TORCH_ENGINE}; without one the suite is skipped. Run it in
 * its own JVM ({@code -Dtest=NativeTorchConformanceTest}): a JVM that has loaded DJL's libtorch
 * cannot load another libtorch version beside it.
 */
class NativeTorchConformanceTest extends EngineConformanceTest {

    static final String LIBRARY_ENV = "JHARNESS_TORCH_ENGINE";

    @Override
    protected Engine createEngine() {
        String lib = System.getenv(LIBRARY_ENV);
        assumeTrue(lib != null && Files.isRegularFile(Path.of(lib)),
                LIBRARY_ENV + " does not name a built libjharness_torch.so (see native/README.md); skipped");
        Path model = DjlTestSupport.fixtures().resolve("tiny-gpt2.pt");
        return new NativeEngineProvider().create(new EngineSpec(null, model.toString(), null, 42,
                Map.of("lib", lib, "config", "device=cpu")));
    }

    @Override
    protected boolean requiresRowEqualsSlot() {
        return ((NativeEngine) engine).rowsAreSlots();
    }
}
