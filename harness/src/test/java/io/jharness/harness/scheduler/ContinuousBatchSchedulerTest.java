package io.jharness.harness.scheduler;

import static io.jharness.harness.scheduler.SimulatedLoop.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.harness.scheduler.ContinuousBatchScheduler.Policy;
import io.jharness.harness.scheduler.SimulatedLoop.Costs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContinuousBatchSchedulerTest {

    private static final long MS = 1_000_000L;
    private static final Costs ONE_MS = new Costs(MS, 0, MS, 0);

    private static SimulatedLoop run(ContinuousBatchScheduler s, List<ServeRequest> requests, int slots) {
        SimulatedLoop loop = new SimulatedLoop(s, requests, slots, ONE_MS, s.maxBatch()).run();
        SimulatedLoop.assertCompleted(requests);
        loop.assertFifo();
        return loop;
    }

    private static List<ServeRequest> prompts(int outputLen, int... inputLens) {
        List<ServeRequest> rs = new ArrayList<>();
        for (int i = 0; i < inputLens.length; i++) {
            rs.add(request(i, 0, inputLens[i], outputLen));
        }
        return rs;
    }

    @Test
    void prefillFirstAdmitsOnTheStepAfterASlotFrees() {
        List<ServeRequest> rs = List.of(request(0, 0, 8, 3), request(1, 0, 8, 10), request(2, 0, 8, 2));
        SimulatedLoop loop = run(new ContinuousBatchScheduler(0, 0, Policy.PREFILL_FIRST), rs, 2);
        assertTrue(loop.trace().startsWith("P[0, 1] D[0, 1] D[0, 1] P[2] D[1, 2]"), loop.trace());
        assertEquals(3 * MS, rs.get(0).tokenNanos(2), "0 is done at 3ms");
        assertEquals(3 * MS, rs.get(2).admittedNanos(), "2 is admitted at once");
    }

    @Test
    void prefillFirstPrefillsWhileRequestsArrive() {
        List<ServeRequest> rs = arrivingEveryMs(5);
        assertTrue(run(new ContinuousBatchScheduler(0, 0, Policy.PREFILL_FIRST), rs, 8).kinds().startsWith("PPPPPD"));
    }

    @Test
    void decodeFirstAlternates() {
        List<ServeRequest> rs = arrivingEveryMs(5);
        SimulatedLoop loop = run(new ContinuousBatchScheduler(0, 0, Policy.DECODE_FIRST), rs, 8);
        assertTrue(loop.trace().startsWith("P[0] D[0] P[1, 2] D[0, 1, 2] P[3, 4] D[0, 1, 2, 3, 4] D"), loop.trace());
    }

    @Test
    void decodeFirstPrefillsTwiceWhenNothingRuns() {
        // outputs of 1 finish in the prefill: nothing runs, so prefills follow each other
        List<ServeRequest> rs = List.of(request(0, 0, 8, 1), request(1, 0, 8, 1), request(2, 0, 8, 1));
        assertEquals("PPP", run(new ContinuousBatchScheduler(0, 0, Policy.DECODE_FIRST), rs, 1).kinds());
    }

    private static List<ServeRequest> arrivingEveryMs(int n) {
        List<ServeRequest> rs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rs.add(request(i, i * MS, 8, 20));
        }
        return rs;
    }

    @Test
    void tokenBudgetLimitsAdmission() {
        List<ServeRequest> rs = prompts(5, 60, 60, 60);
        assertTrue(run(new ContinuousBatchScheduler(0, 100, Policy.PREFILL_FIRST), rs, 8).trace()
                .startsWith("P[0] P[1] P[2] D[0, 1, 2]"));
        rs = prompts(5, 60, 60, 60);
        assertTrue(run(new ContinuousBatchScheduler(0, 100, Policy.DECODE_FIRST), rs, 8).trace()
                .startsWith("P[0] D[0] P[1] D[0, 1] P[2] D[0, 1, 2]"));
        rs = prompts(2, 40, 40, 20, 10);
        assertTrue(run(new ContinuousBatchScheduler(0, 100, Policy.PREFILL_FIRST), rs, 8).trace()
                .startsWith("P[0, 1, 2] P[3] D"));
    }

    @Test
    void aPromptOverTheBudgetIsAdmittedAlone() {
        List<ServeRequest> rs = prompts(2, 150, 10);
        assertTrue(run(new ContinuousBatchScheduler(0, 100, Policy.PREFILL_FIRST), rs, 8).trace()
                .startsWith("P[0] P[1] D[0, 1]"));
    }

    @Test
    void admissionNeverSkipsTheOldest() {
        // 30 would fit beside 60, but 50 is older and does not: FIFO stops there
        List<ServeRequest> rs = prompts(2, 60, 50, 30);
        assertTrue(run(new ContinuousBatchScheduler(0, 100, Policy.PREFILL_FIRST), rs, 8).trace()
                .startsWith("P[0] P[1, 2] D"));
    }

    @Test
    void maxBatchBoundsTheRunningSequences() {
        List<ServeRequest> rs = prompts(3, 8, 8, 8, 8, 8);
        assertEquals("P[0, 1] D[0, 1] D[0, 1] P[2, 3] D[2, 3] D[2, 3] P[4] D[4] D[4]",
                run(new ContinuousBatchScheduler(2, 0, Policy.PREFILL_FIRST), rs, 8).trace());
        rs = prompts(3, 8, 8, 8);
        assertTrue(run(new ContinuousBatchScheduler(50, 0, Policy.PREFILL_FIRST), rs, 2).trace()
                .startsWith("P[0, 1] D"), "max-batch above the slots: the slots bound");
    }

    @Test
    void refusesEnginesThatMapRowsToSlots() {
        ContinuousBatchScheduler s = new ContinuousBatchScheduler(0, 0, Policy.PREFILL_FIRST);
        ServeRequest r = request(0, 0, 8, 1);
        r.arrive();
        FixedView view = new FixedView(0, List.of(r), List.of(), 4, -1, new EngineLimits(4, 1024, true));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.next(view));
        assertEquals("the continuous scheduler needs an engine whose steps take any KV slot; this engine maps "
                + "row i to slot i (djl, model contract v1): use --scheduler static", e.getMessage());
    }

    @Test
    void idleWithNothingToDo() {
        ContinuousBatchScheduler s = new ContinuousBatchScheduler(0, 0, Policy.DECODE_FIRST);
        assertSame(StepPlan.IDLE, s.next(FixedView.of(0, List.of(), List.of(), 4)));
    }

    @Test
    void plansAreReusedAndReadOnly() {
        ContinuousBatchScheduler s = new ContinuousBatchScheduler(0, 0, Policy.PREFILL_FIRST);
        ServeRequest a = request(0, 0, 8, 3);
        a.arrive();
        StepPlan.Prefill p = assertInstanceOf(StepPlan.Prefill.class, s.next(FixedView.of(0, List.of(a), List.of(), 4)));
        assertEquals(List.of(a), p.admit());
        assertThrows(UnsupportedOperationException.class, () -> p.admit().add(a));
        a.admit(0, 0);
        StepPlan d = s.next(FixedView.of(MS, List.of(), List.of(a), 4));
        assertEquals(List.of(a), assertInstanceOf(StepPlan.Decode.class, d).sequences());
        assertSame(d, s.next(FixedView.of(2 * MS, List.of(), List.of(a), 4)), "one decode plan, reused");
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ContinuousBatchScheduler(-1, 0, Policy.PREFILL_FIRST));
        assertThrows(IllegalArgumentException.class, () -> new ContinuousBatchScheduler(0, -1, Policy.PREFILL_FIRST));
        assertThrows(NullPointerException.class, () -> new ContinuousBatchScheduler(0, 0, null));
    }
}
