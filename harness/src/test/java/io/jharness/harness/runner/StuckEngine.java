package io.jharness.harness.runner;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineInfo;
import io.jharness.engine.EngineSession;
import io.jharness.engine.timing.NanoClock;
import java.util.concurrent.CountDownLatch;

/**
 * Test support: an engine whose steps in a session of {@code stuckAt} slots never return, not even
 * when interrupted (as a step inside native code would), until {@link #close()}; every other
 * session is the wrapped engine's. Whether it was closed while stuck is recorded.
 */
final class StuckEngine implements Engine {

    private final Engine inner;
    private final int stuckAt;
    private final CountDownLatch release = new CountDownLatch(1);
    volatile boolean entered;

    StuckEngine(Engine inner, int stuckAt) {
        this.inner = inner;
        this.stuckAt = stuckAt;
    }

    @Override
    public EngineInfo info() {
        return inner.info();
    }

    @Override
    public NanoClock clock() {
        return inner.clock();
    }

    @Override
    public EngineSession open(int maxBatch, int maxSeqLen) {
        EngineSession session = inner.open(maxBatch, maxSeqLen);
        if (maxBatch != stuckAt) {
            return session;
        }
        return new EngineSession() {
            @Override
            public int maxBatch() {
                return session.maxBatch();
            }

            @Override
            public int maxSeqLen() {
                return session.maxSeqLen();
            }

            @Override
            public void prefill(int count, int[] slots, int[][] prompts, int[] firstTokens) {
                stick();
            }

            @Override
            public void decode(int count, int[] slots, int[] lastTokens, int[] nextTokens) {
                stick();
            }

            @Override
            public void release(int slot) {
                session.release(slot);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    private void stick() {
        entered = true;
        while (true) {
            try {
                release.await();
                throw new io.jharness.engine.EngineException("released");
            } catch (InterruptedException e) {
                // ignored, as native code would
            }
        }
    }

    /** Lets a stuck step go (so a test leaves no thread behind). */
    @Override
    public void close() {
        release.countDown();
        inner.close();
    }
}
