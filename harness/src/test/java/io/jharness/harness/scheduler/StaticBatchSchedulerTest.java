package io.jharness.harness.scheduler;

import static io.jharness.harness.scheduler.SimulatedLoop.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jharness.harness.scheduler.SimulatedLoop.Costs;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaticBatchSchedulerTest {

    private static final long MS = 1_000_000L;
    /** Every step takes 1ms. */
    private static final Costs ONE_MS = new Costs(MS, 0, MS, 0);

    private static SimulatedLoop run(StaticBatchScheduler s, List<ServeRequest> requests, int slots) {
        SimulatedLoop loop = new SimulatedLoop(s, requests, slots, ONE_MS, 0).run();
        SimulatedLoop.assertCompleted(requests);
        loop.assertFifo();
        return loop;
    }

    @Test
    void startsWhenMaxBatchRequestsWait() {
        List<ServeRequest> rs = List.of(request(0, 0, 8, 2), request(1, 10 * MS, 8, 2),
                request(2, 20 * MS, 8, 2), request(3, 30 * MS, 8, 2));
        SimulatedLoop loop = run(new StaticBatchScheduler(4, 100 * MS), rs, 8);
        assertEquals("P[0, 1, 2, 3] D[0, 1, 2, 3]", loop.trace());
        for (ServeRequest r : rs) {
            assertEquals(30 * MS, r.admittedNanos());
            assertEquals(31 * MS, r.tokenNanos(0));
            assertEquals(32 * MS, r.tokenNanos(1));
        }
    }

    @Test
    void startsWhenTheOldestHasWaitedTheTimeout() {
        List<ServeRequest> rs = List.of(request(0, 0, 8, 2), request(1, 10 * MS, 8, 2), request(2, 20 * MS, 8, 2));
        SimulatedLoop loop = run(new StaticBatchScheduler(4, 100 * MS), rs, 8);
        assertEquals("P[0, 1, 2] D[0, 1, 2]", loop.trace());
        rs.forEach(r -> assertEquals(100 * MS, r.admittedNanos()));
    }

    @Test
    void timeoutCountsFromTheOldestWaitingRequest() {
        List<ServeRequest> rs = List.of(request(0, 0, 8, 1), request(1, 90 * MS, 8, 1));
        run(new StaticBatchScheduler(4, 100 * MS), rs, 8);
        rs.forEach(r -> assertEquals(100 * MS, r.admittedNanos()));
    }

    @Test
    void waitsUntilOldestArrivalPlusTimeout() {
        StaticBatchScheduler s = new StaticBatchScheduler(4, 100 * MS);
        ServeRequest a = request(0, 5 * MS, 8, 1);
        a.arrive();
        ServeRequest b = request(1, 40 * MS, 8, 1);
        b.arrive();
        assertEquals(new StepPlan.Wait(105 * MS), s.next(FixedView.of(5 * MS, List.of(a), List.of(), 8)));
        assertEquals(new StepPlan.Wait(105 * MS), s.next(FixedView.of(40 * MS, List.of(a, b), List.of(), 8)));
        assertEquals(List.of(a, b), assertInstanceOf(StepPlan.Prefill.class,
                s.next(FixedView.of(105 * MS, List.of(a, b), List.of(), 8))).admit());
        assertSame(StepPlan.IDLE, s.next(FixedView.of(0, List.of(), List.of(), 8)));
    }

    @Test
    void admitsNothingWhileABatchRuns() {
        List<ServeRequest> rs = List.of(request(0, 0, 8, 10), request(1, 0, 8, 10),
                request(2, MS / 2, 8, 1), request(3, MS / 2, 8, 1), request(4, MS / 2, 8, 1));
        SimulatedLoop loop = run(new StaticBatchScheduler(2, 100 * MS), rs, 8);
        // batch [0, 1]: prefill 0-1ms, nine decodes to 10ms, although 2, 3, 4 wait from 0.5ms on
        assertEquals("PDDDDDDDDDPP", loop.kinds());
        assertEquals("P[2, 3]", loop.steps().get(10).toString().replaceAll("@\\d+", "").replace("PREFILL", "P"));
        assertEquals(10 * MS, rs.get(2).admittedNanos());
        assertEquals(10 * MS, rs.get(3).admittedNanos());
        // 4 alone: the batch does not fill, so it starts when 4 has waited 100ms
        assertEquals(100 * MS + MS / 2, rs.get(4).admittedNanos());
    }

    @Test
    void batchIsCappedByTheSlots() {
        List<ServeRequest> rs = List.of(request(0, 0, 8, 1), request(1, 0, 8, 1), request(2, 0, 8, 1));
        SimulatedLoop loop = run(new StaticBatchScheduler(8, 100 * MS), rs, 2);
        // with 2 slots a batch is full at 2: it starts at once
        assertEquals("P[0, 1] P[2]", loop.trace());
        assertEquals(0, rs.get(1).admittedNanos());
        assertEquals(100 * MS, rs.get(2).admittedNanos());
    }

    @Test
    void zeroTimeoutStartsAtEachArrival() {
        List<ServeRequest> rs = List.of(request(0, 0, 8, 1), request(1, 5 * MS, 8, 1), request(2, 7 * MS, 8, 1));
        run(new StaticBatchScheduler(8, 0), rs, 4);
        rs.forEach(r -> assertEquals(r.arrivalNanos(), r.admittedNanos()));
    }

    @Test
    void runsOnEnginesThatMapRowsToSlots() {
        List<ServeRequest> rs = List.of(request(0, 0, 8, 3), request(1, 0, 8, 5), request(2, MS, 8, 2));
        new SimulatedLoop(new StaticBatchScheduler(2, 10 * MS), rs, 2, true, ONE_MS, 0).run();
        SimulatedLoop.assertCompleted(rs);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new StaticBatchScheduler(0, MS));
        assertThrows(IllegalArgumentException.class, () -> new StaticBatchScheduler(1, -1));
    }
}
