package io.jharness.harness.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.engine.timing.HostClockStepTimer;
import io.jharness.engine.timing.NanoClock;
import io.jharness.harness.testing.Allocations;
import io.jharness.harness.testing.NoopSession;
import org.junit.jupiter.api.Test;

/**
 * The throughput sweep's steps (static batch, timer, token check, step statistics) allocate
 * nothing, with or without the JIT's escape analysis.
 */
class StepPathAllocationTest {

    @Test
    void staticBatchStepsAllocateNothing() {
        int batch = 8;
        int tokens = 32;
        int[][] prompts = new int[batch][];
        for (int i = 0; i < batch; i++) {
            prompts[i] = new int[] {1, 2, i + 3};
        }
        StaticBatch loop = new StaticBatch(new NoopSession(batch, 64), new HostClockStepTimer(NanoClock.SYSTEM), 1_000_000);
        StepRecorder recorder = new StepRecorder();
        Runnable batches = () -> {
            for (int b = 0; b < 40; b++) {
                loop.run(prompts, 0, batch, tokens, recorder);
            }
        };
        batches.run(); // class loading, call sites linked
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            least = Math.min(least, Allocations.of(batches));
        }
        assertEquals(4 * 40 * (tokens - 1), recorder.decode().steps());
        assertTrue(least < 256, "40 batches of " + tokens + " steps allocated " + least + " bytes");
    }
}
