package io.jharness.harness.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.engine.timing.HostClockStepTimer;
import io.jharness.engine.timing.NanoClock;
import io.jharness.harness.scheduler.ContinuousBatchScheduler;
import io.jharness.harness.scheduler.Scheduler;
import io.jharness.harness.scheduler.ServeRequest;
import io.jharness.harness.scheduler.StaticBatchScheduler;
import io.jharness.harness.testing.Allocations;
import io.jharness.harness.testing.NoopSession;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The serve loop's steps allocate nothing: a point of many steps allocates no more than one of few
 * (the loop and its requests are built before the count starts; what is left is one-time growth).
 * Holds without the JIT's escape analysis, so it is checked here, not only under JMH.
 */
class ServeLoopAllocationTest {

    private static final int SLOTS = 8;
    private static final int OUTPUT_LEN = 16;

    /** Bytes that {@code ServeLoop.run} allocates for a closed-loop point of {@code waves} waves. */
    private static long runAllocation(Supplier<Scheduler> scheduler, int waves, int outputLenSpread) {
        NoopSession session = new NoopSession(SLOTS, 64);
        List<ServeRequest> requests = new ArrayList<>();
        for (int i = 0; i < waves * SLOTS; i++) {
            // Lengths that differ make requests finish in different steps, as in real loads.
            int len = OUTPUT_LEN + (outputLenSpread == 0 ? 0 : i % outputLenSpread);
            requests.add(new ServeRequest(i, -1, new int[] {1, 2, 3, i + 4}, len, false));
        }
        ServeLoop loop = new ServeLoop(session, new HostClockStepTimer(NanoClock.SYSTEM), NanoClock.SYSTEM,
                scheduler.get(), 1_000_000);
        long[] steps = new long[1];
        long bytes = Allocations.of(() -> steps[0] = loop.run(requests, SLOTS));
        assertTrue(steps[0] >= (long) waves * OUTPUT_LEN, "ran " + steps[0] + " steps");
        for (ServeRequest r : requests) {
            assertEquals(ServeRequest.Status.DONE, r.status());
        }
        return bytes;
    }

    private static void assertNoAllocationPerStep(Supplier<Scheduler> scheduler, int spread) {
        runAllocation(scheduler, 4, spread); // class loading, call sites linked
        // The least of a few runs: a JIT compilation now and then allocates a little on this thread,
        // while an allocation per step would show in every run.
        long few = Long.MAX_VALUE;
        long many = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            few = Math.min(few, runAllocation(scheduler, 2, spread));
            many = Math.min(many, runAllocation(scheduler, 40, spread));
        }
        // 38 more waves are over 600 more steps and 300 more finished requests: one object per step,
        // or per finishing step, would be kilobytes.
        assertTrue(many - few < 512, "a point of 40 waves allocated " + many + " bytes, one of 2 waves " + few
                + ": the steps allocate about " + (many - few) / (38 * OUTPUT_LEN) + " bytes each");
    }

    @Test
    void continuousSchedulerStepsAllocateNothing() {
        assertNoAllocationPerStep(() -> new ContinuousBatchScheduler(0, 0, ContinuousBatchScheduler.Policy.PREFILL_FIRST), 0);
    }

    @Test
    void continuousSchedulerStepsAllocateNothingWhenRequestsFinishApart() {
        assertNoAllocationPerStep(() -> new ContinuousBatchScheduler(0, 0, ContinuousBatchScheduler.Policy.DECODE_FIRST), 5);
    }

    @Test
    void staticSchedulerStepsAllocateNothing() {
        assertNoAllocationPerStep(() -> new StaticBatchScheduler(SLOTS, 0), 3);
    }
}
