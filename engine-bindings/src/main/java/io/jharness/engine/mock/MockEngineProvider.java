package io.jharness.engine.mock;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineProvider;
import io.jharness.engine.EngineSpec;

/** Provides the {@code mock} engine: no model, a latency model, available everywhere. */
public final class MockEngineProvider implements EngineProvider {

    @Override
    public String name() {
        return "mock";
    }

    @Override
    public String description() {
        return "no model; simulated step latencies (virtual or real clock) and deterministic tokens";
    }

    @Override
    public boolean usesGpu() {
        return false;
    }

    @Override
    public Availability availability() {
        return Availability.yes("runs anywhere");
    }

    @Override
    public Engine create(EngineSpec spec) {
        if (spec.device() != null && !spec.device().equals("cpu")) {
            throw new EngineConfigException("the mock engine runs on no device; --device " + spec.device()
                    + " needs an engine that runs on it (see 'harness engines')");
        }
        if (spec.model() != null) {
            throw new EngineConfigException("the mock engine loads no model; --model " + spec.model()
                    + " needs an engine that loads models (see 'harness engines')");
        }
        if (spec.dtype() != null) {
            throw new EngineConfigException("the mock engine has no dtype; drop --dtype " + spec.dtype());
        }
        return new MockEngine(MockOptions.from(spec), spec.seed());
    }
}
