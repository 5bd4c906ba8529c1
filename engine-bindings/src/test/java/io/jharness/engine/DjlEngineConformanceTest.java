package io.jharness.engine;

import io.jharness.engine.djl.DjlTestSupport;
import java.util.OptionalLong;

/** The djl engine on the CPU with the tiny-gpt2 fixture against the conformance suite. */
class DjlEngineConformanceTest extends EngineConformanceTest {

    @Override
    protected Engine createEngine() {
        return DjlTestSupport.create("tiny-gpt2");
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
