package io.jharness.harness.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.engine.EngineException;
import io.jharness.engine.EngineSession;
import io.jharness.engine.timing.HostClockStepTimer;
import io.jharness.engine.timing.VirtualClock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StaticBatchTest {

    /** A session that returns a fixed token, and records which slots were released. */
    private static final class FixedTokenSession implements EngineSession {
        final int token;
        final boolean[] released = new boolean[4];

        FixedTokenSession(int token) {
            this.token = token;
        }

        @Override
        public int maxBatch() {
            return 4;
        }

        @Override
        public int maxSeqLen() {
            return 64;
        }

        @Override
        public void prefill(int count, int[] slots, int[][] prompts, int[] firstTokens) {
            Arrays.fill(firstTokens, 0, count, token);
        }

        @Override
        public void decode(int count, int[] slots, int[] lastTokens, int[] nextTokens) {
            Arrays.fill(nextTokens, 0, count, token);
        }

        @Override
        public void release(int slot) {
            released[slot] = true;
        }

        @Override
        public void close() {}
    }

    @Test
    void tokensOutsideTheVocabularyAreNeverCounted() {
        FixedTokenSession session = new FixedTokenSession(1000);
        StaticBatch batch = new StaticBatch(session, new HostClockStepTimer(new VirtualClock()), 1000);
        EngineException e = assertThrows(EngineException.class,
                () -> batch.run(new int[][] {{1}, {2}}, 0, 2, 4, StepObserver.NONE));
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
        assertTrue(session.released[0] && session.released[1], "slots are released even when a step fails");
    }

    @Test
    void returnsTokensForEverySequence() {
        StaticBatch batch = new StaticBatch(new FixedTokenSession(7), new HostClockStepTimer(new VirtualClock()), 1000);
        int[] steps = new int[1];
        assertEquals(3 * 5, batch.run(new int[][] {{1}, {2}, {3}}, 0, 3, 5, (kind, count, timer) -> {
            assertEquals(3, count);
            steps[0]++;
        }));
        assertEquals(5, steps[0]);
    }
}
