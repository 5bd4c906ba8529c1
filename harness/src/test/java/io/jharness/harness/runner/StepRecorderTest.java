package io.jharness.harness.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jharness.engine.EngineSession;
import io.jharness.engine.timing.HostClockStepTimer;
import io.jharness.engine.timing.NanoClock;
import io.jharness.engine.timing.StepKind;
import io.jharness.engine.timing.StepTimer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepRecorderTest {

    /** A session that reports the rows of its last step as the next power of two (like captured graphs). */
    private static class PaddingSession implements EngineSession {
        int lastCount;

        @Override
        public int maxBatch() {
            return 64;
        }

        @Override
        public int maxSeqLen() {
            return 32;
        }

        @Override
        public void prefill(int count, int[] slots, int[][] prompts, int[] firstTokens) {
            lastCount = count;
        }

        @Override
        public void decode(int count, int[] slots, int[] lastTokens, int[] nextTokens) {
            lastCount = count;
        }

        @Override
        public void release(int slot) {}

        @Override
        public int lastStepRows() {
            int high = Integer.highestOneBit(lastCount);
            return high == lastCount ? lastCount : high << 1;
        }

        @Override
        public void close() {}
    }

    @Test
    void countsDecodeStepsByTheRowsTheEngineRanAndThePaddedOnes() {
        PaddingSession session = new PaddingSession();
        StepRecorder recorder = new StepRecorder();
        recorder.watch(session);
        try (StepTimer timer = new HostClockStepTimer(NanoClock.SYSTEM)) {
            for (int count : new int[] {64, 64, 36, 36, 36, 1}) {
                session.decode(count, null, null, null);
                timer.begin();
                timer.end();
                recorder.onStep(StepKind.DECODE, count, timer);
            }
            session.prefill(36, null, null, null);
            recorder.onStep(StepKind.PREFILL, 36, timer); // prefill rows are not decode rows
        }
        assertEquals(Map.of("1", 1L, "64", 5L), recorder.decodeRows());
        assertEquals(3, recorder.paddedSteps());
        assertEquals(6, recorder.decode().summary().steps());
    }

    @Test
    void enginesThatDoNotSayReportNothing() {
        StepRecorder recorder = new StepRecorder();
        assertNull(recorder.decodeRows(), "no session watched");
        recorder.watch(new PaddingSession() {
            @Override
            public int lastStepRows() {
                return -1;
            }
        });
        try (StepTimer timer = new HostClockStepTimer(NanoClock.SYSTEM)) {
            timer.begin();
            timer.end();
            recorder.onStep(StepKind.DECODE, 4, timer);
        }
        assertNull(recorder.decodeRows());
        assertEquals(0, recorder.paddedSteps());
    }
}
