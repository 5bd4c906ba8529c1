package io.jharness.engine;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jharness.engine.nativeabi.NativeEngine;
import io.jharness.engine.nativeabi.NativeEngineProvider;
import java.util.Map;

/** The bundled C reference engine, through FFM, against the conformance suite. */
class NativeReferenceConformanceTest extends EngineConformanceTest {

    static final String RESOURCE = "native/linux-x86_64/libjharness_reference.so";

    @Override
    protected Engine createEngine() {
        assumeTrue(getClass().getClassLoader().getResource(RESOURCE) != null,
                RESOURCE + " is not on the class path (the reference engine is built with gcc)");
        return new NativeEngineProvider().create(new EngineSpec(null, null, null, 42, Map.of()));
    }

    @Override
    protected boolean requiresRowEqualsSlot() {
        return ((NativeEngine) engine).rowsAreSlots();
    }
}
