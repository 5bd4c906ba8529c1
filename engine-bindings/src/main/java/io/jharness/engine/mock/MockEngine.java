package io.jharness.engine.mock;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineException;
import io.jharness.engine.EngineInfo;
import io.jharness.engine.EngineSession;
import io.jharness.engine.timing.NanoClock;
import io.jharness.engine.timing.VirtualClock;
import java.util.Map;

/**
 * An engine without a model: each step costs what its {@link LatencyModel} says, spent on the
 * host clock or a virtual one, and every sequence gets its own deterministic token per step.
 */
public final class MockEngine implements Engine {

    private final MockOptions options;
    private final long seed;
    private final NanoClock clock;
    private final StepCostSpender spender;

    public MockEngine(MockOptions options, long seed) {
        this.options = options;
        this.seed = seed;
        if (options.clock() == MockClockMode.VIRTUAL) {
            VirtualClock virtual = new VirtualClock();
            this.clock = virtual;
            this.spender = virtual::advance;
        } else {
            this.clock = NanoClock.SYSTEM;
            this.spender = StepCostSpender::waitFor;
        }
    }

    public MockOptions options() {
        return options;
    }

    @Override
    public EngineInfo info() {
        return new EngineInfo(
                "mock",
                "none (latency model: " + options.latency().describe() + ")",
                "cpu (simulated)",
                "n/a",
                options.vocabSize(),
                options.maxBatch(),
                options.maxSeqLen(),
                options.clock() == MockClockMode.VIRTUAL ? "virtual" : "wall",
                true,
                Map.of());
    }

    @Override
    public EngineSession open(int maxBatch, int maxSeqLen) {
        if (maxBatch < 1 || maxBatch > options.maxBatch()) {
            throw new EngineConfigException("batch size " + maxBatch + " is beyond what the mock engine allows (1 to "
                    + options.maxBatch() + "; raise it with --engine-opt max-batch=N)");
        }
        if (maxSeqLen < 1 || maxSeqLen > options.maxSeqLen()) {
            throw new EngineConfigException("sequence length " + maxSeqLen + " is beyond what the mock engine allows (1 to "
                    + options.maxSeqLen() + "; raise it with --engine-opt max-seq-len=N)");
        }
        if (maxBatch == options.failAtBatch()) {
            throw new EngineException("simulated out of memory opening a KV cache for " + maxBatch
                    + " slots (fail-at-batch=" + options.failAtBatch() + ")");
        }
        return new MockSession(options, seed, maxBatch, maxSeqLen, spender);
    }

    @Override
    public NanoClock clock() {
        return clock;
    }

    @Override
    public void close() {}
}
