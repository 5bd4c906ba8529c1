package io.jharness.harness.runner;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineInfo;
import io.jharness.engine.EngineSession;
import io.jharness.engine.EngineSpec;
import io.jharness.engine.mock.MockEngine;
import io.jharness.engine.mock.MockEngineProvider;
import io.jharness.engine.timing.NanoClock;
import java.util.Map;

/**
 * Test support: an engine whose sessions come from mock engines of different seeds in turn, so
 * that repeats of a point (each on a fresh session) measure different times, as a real engine's
 * do. The clock is the virtual clock of the mock whose session was opened last.
 */
public final class RotatingEngine implements Engine {

    private final MockEngine[] engines;
    private int opened;
    private MockEngine current;

    public RotatingEngine(long... seeds) {
        engines = new MockEngine[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            engines[i] = (MockEngine) new MockEngineProvider().create(
                    new EngineSpec(null, null, null, seeds[i], Map.of("jitter", "0.05")));
        }
        current = engines[0];
    }

    /** Sessions opened so far. */
    public int opened() {
        return opened;
    }

    @Override
    public EngineInfo info() {
        return engines[0].info();
    }

    @Override
    public EngineSession open(int maxBatch, int maxSeqLen) {
        current = engines[opened++ % engines.length];
        return current.open(maxBatch, maxSeqLen);
    }

    @Override
    public NanoClock clock() {
        return new NanoClock() {
            @Override
            public long nanoTime() {
                return current.clock().nanoTime();
            }

            @Override
            public void waitUntil(long deadline) {
                current.clock().waitUntil(deadline);
            }
        };
    }

    @Override
    public void close() {
        for (MockEngine e : engines) {
            e.close();
        }
    }
}
