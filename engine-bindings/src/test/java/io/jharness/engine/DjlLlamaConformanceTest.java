package io.jharness.engine;

import io.jharness.engine.djl.DjlTestSupport;
import java.util.OptionalLong;

/** The djl engine on the CPU with the tiny-llama fixture against the conformance suite. */
class DjlLlamaConformanceTest extends EngineConformanceTest {

    @Override
    protected Engine createEngine() {
        return DjlTestSupport.create("tiny-llama");
    }

    @Override
    protected boolean requiresRowEqualsSlot() {
        return true;
    }

    @Override
    protected OptionalLong liveNativeObjects(Engine engine) {
        return OptionalLong.of(DjlTestSupport.liveNativeObjects(engine));
    }
}
