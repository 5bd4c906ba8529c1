package io.jharness.harness.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.engine.EngineSession;
import io.jharness.engine.EngineSpec;
import io.jharness.engine.mock.LatencyModel;
import io.jharness.engine.mock.MockEngine;
import io.jharness.engine.mock.MockEngineProvider;
import io.jharness.harness.scheduler.Scheduler;
import io.jharness.harness.scheduler.Schedulers;
import io.jharness.harness.scheduler.ServeRequest;
import io.jharness.harness.scheduler.StepPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The serve loop on the mock engine's virtual clock, where every time is known exactly. */
class ServeLoopTest {

    private static final LatencyModel M = LatencyModel.DEFAULT;

    private static MockEngine mock() {
        return (MockEngine) new MockEngineProvider().create(new EngineSpec(null, null, null, 1, Map.of("jitter", "0")));
    }

    private static List<ServeRequest> requests(long[] arrivalsMs, int promptLen, int outputLen) {
        List<ServeRequest> list = new ArrayList<>();
        for (int i = 0; i < arrivalsMs.length; i++) {
            long at = arrivalsMs[i] < 0 ? -1 : arrivalsMs[i] * 1_000_000L;
            list.add(new ServeRequest(i, at, new int[promptLen], outputLen, false));
        }
        return list;
    }

    private static void run(MockEngine engine, EngineSession session, Scheduler scheduler, List<ServeRequest> rs,
            int concurrency) {
        new ServeLoop(session, engine.newStepTimer(), engine.clock(), scheduler, engine.info().vocabSize())
                .run(rs, concurrency);
    }

    @Test
    void oneRequestIsTimedExactly() {
        try (MockEngine e = mock(); EngineSession s = e.open(4, 64)) {
            List<ServeRequest> rs = requests(new long[] {5}, 10, 3);
            run(e, s, Schedulers.create("continuous", Map.of()), rs, 0);
            ServeRequest r = rs.get(0);
            long arrival = 5_000_000L;
            assertEquals(ServeRequest.Status.DONE, r.status());
            assertEquals(arrival, r.admittedNanos(), "admitted the moment it arrives");
            assertEquals(arrival + M.prefillNanos(1, 10), r.tokenNanos(0));
            assertEquals(arrival + M.prefillNanos(1, 10) + 2 * M.decodeNanos(1), r.tokenNanos(2));
        }
    }

    @Test
    void continuousBatchingAdmitsIntoFreeSlotsEveryStep() {
        try (MockEngine e = mock(); EngineSession s = e.open(2, 64)) {
            // Three at once into two slots: the third waits for the first to finish.
            List<ServeRequest> rs = requests(new long[] {0, 0, 0}, 4, 2);
            run(e, s, Schedulers.create("continuous", Map.of()), rs, 0);
            ServeRequest third = rs.get(2);
            assertEquals(rs.get(0).tokenNanos(1), third.admittedNanos(), "admitted in the step after a slot frees");
            rs.forEach(r -> assertEquals(ServeRequest.Status.DONE, r.status()));
        }
    }

    @Test
    void closedLoopKeepsConcurrencyInFlight() {
        try (MockEngine e = mock(); EngineSession s = e.open(8, 64)) {
            long[] none = new long[40];
            java.util.Arrays.fill(none, -1);
            List<ServeRequest> rs = requests(none, 4, 5);
            run(e, s, Schedulers.create("continuous", Map.of()), rs, 4);
            // At any moment at most 4 requests are between arrival and completion, and each new one
            // arrives exactly when an earlier one finished.
            List<Long> completions = new ArrayList<>();
            for (ServeRequest r : rs) {
                completions.add(r.tokenNanos(r.outputLen() - 1));
            }
            for (int i = 0; i < rs.size(); i++) {
                ServeRequest r = rs.get(i);
                assertEquals(ServeRequest.Status.DONE, r.status());
                if (i < 4) {
                    assertEquals(0, r.arrivalNanos());
                } else {
                    assertTrue(completions.contains(r.arrivalNanos()), "request " + i + " arrives at a completion");
                }
                long t = r.arrivalNanos();
                long inFlight = rs.stream().filter(q -> q.arrivalNanos() <= t && q.tokenNanos(q.outputLen() - 1) > t).count();
                assertTrue(inFlight <= 4, "in flight at " + t + ": " + inFlight);
            }
        }
    }

    /** A session whose rows are its slots, as the djl engine's: every step must cover 0..n-1. */
    private static final class RowsAreSlots implements EngineSession {
        final EngineSession inner;
        int steps;

        RowsAreSlots(EngineSession inner) {
            this.inner = inner;
        }

        private void check(int count, int[] slots) {
            for (int i = 0; i < count; i++) {
                assertEquals(i, slots[i], "row " + i + " of a step is slot " + slots[i]);
            }
            steps++;
        }

        @Override
        public int maxBatch() {
            return inner.maxBatch();
        }

        @Override
        public int maxSeqLen() {
            return inner.maxSeqLen();
        }

        @Override
        public void prefill(int count, int[] slots, int[][] prompts, int[] firstTokens) {
            check(count, slots);
            inner.prefill(count, slots, prompts, firstTokens);
        }

        @Override
        public void decode(int count, int[] slots, int[] lastTokens, int[] nextTokens) {
            check(count, slots);
            inner.decode(count, slots, lastTokens, nextTokens);
        }

        @Override
        public boolean rowsAreSlots() {
            return true;
        }

        @Override
        public void release(int slot) {
            inner.release(slot);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void staticBatchesRunOnRowsAreSlotsSessionsWithPadding() {
        try (MockEngine e = mock(); RowsAreSlots s = new RowsAreSlots(e.open(4, 64))) {
            List<ServeRequest> rs = new ArrayList<>();
            int[] outputs = {1, 5, 2, 7, 3, 3, 9, 1, 4};
            for (int i = 0; i < outputs.length; i++) {
                rs.add(new ServeRequest(i, i * 1_000_000L, new int[3 + i], outputs[i], false));
            }
            run(e, s, Schedulers.create("static", Map.of("max-batch", "4", "batch-timeout", "20ms")), rs, 0);
            for (int i = 0; i < outputs.length; i++) {
                assertEquals(ServeRequest.Status.DONE, rs.get(i).status());
                assertEquals(outputs[i], rs.get(i).generated(), "every sequence gets exactly its tokens");
            }
            assertTrue(s.steps > 0);
        }
    }

    @Test
    void schedulerContractViolationsAreCaught() {
        try (MockEngine e = mock(); EngineSession s = e.open(2, 64)) {
            Scheduler tooMany = new Scheduler() {
                @Override
                public String name() {
                    return "greedy";
                }

                @Override
                public StepPlan next(io.jharness.harness.scheduler.SchedulerView v) {
                    return v.waiting().isEmpty() ? StepPlan.IDLE : new StepPlan.Prefill(List.copyOf(v.waiting()));
                }
            };
            List<ServeRequest> rs = requests(new long[] {0, 0, 0}, 4, 2);
            IllegalStateException x = assertThrows(IllegalStateException.class, () -> run(e, s, tooMany, rs, 0));
            assertTrue(x.getMessage().contains("free slots"), x.getMessage());
            rs.forEach(r -> assertTrue(r.status() != ServeRequest.Status.WAITING, "no request left waiting"));
        }
    }

    @Test
    void aSchedulerThatWaitsForeverIsStopped() {
        try (MockEngine e = mock(); EngineSession s = e.open(2, 64)) {
            Scheduler lazy = new Scheduler() {
                @Override
                public String name() {
                    return "lazy";
                }

                @Override
                public StepPlan next(io.jharness.harness.scheduler.SchedulerView v) {
                    return StepPlan.IDLE;
                }
            };
            IllegalStateException x = assertThrows(IllegalStateException.class,
                    () -> run(e, s, lazy, requests(new long[] {0}, 4, 2), 0));
            assertTrue(x.getMessage().contains("wait forever"), x.getMessage());
        }
    }

    @Test
    void aWaitForThePastIsAContractError() {
        try (MockEngine e = mock(); EngineSession s = e.open(2, 64)) {
            Scheduler stuck = new Scheduler() {
                @Override
                public String name() {
                    return "stuck";
                }

                @Override
                public StepPlan next(io.jharness.harness.scheduler.SchedulerView v) {
                    return new StepPlan.Wait(v.now());
                }
            };
            IllegalStateException x = assertThrows(IllegalStateException.class,
                    () -> run(e, s, stuck, requests(new long[] {0}, 4, 2), 0));
            assertTrue(x.getMessage().contains("not after now"), x.getMessage());
        }
    }
}
