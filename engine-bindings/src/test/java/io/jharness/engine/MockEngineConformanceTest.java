package io.jharness.engine;

import io.jharness.engine.mock.MockEngineProvider;
import java.util.Map;

/** The mock engine against the conformance suite: virtual clock, no jitter. */
class MockEngineConformanceTest extends EngineConformanceTest {

    @Override
    protected Engine createEngine() {
        return new MockEngineProvider().create(new EngineSpec(null, null, null, 42, Map.of("clock", "virtual", "jitter", "0")));
    }
}
