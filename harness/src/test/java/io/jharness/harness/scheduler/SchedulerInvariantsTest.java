package io.jharness.harness.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.harness.scheduler.ContinuousBatchScheduler.Policy;
import io.jharness.harness.scheduler.SimulatedLoop.Costs;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Random workloads through every scheduler configuration: the loop's invariants always hold. */
class SchedulerInvariantsTest {

    private static final int WORKLOADS = 200;
    private static final long MS = 1_000_000L;

    record Workload(long[] arrivals, int[] inputs, int[] outputs, int slots, Costs costs) {
        List<ServeRequest> requests() {
            List<ServeRequest> list = new ArrayList<>();
            for (int i = 0; i < arrivals.length; i++) {
                list.add(SimulatedLoop.request(i, arrivals[i], inputs[i], outputs[i]));
            }
            return list;
        }
    }

    static Workload workload(SplittableRandom rnd) {
        int n = rnd.nextInt(1, 301);
        long[] arrivals = new long[n];
        int[] inputs = new int[n];
        int[] outputs = new int[n];
        int pattern = rnd.nextInt(4);
        double meanGapNanos = rnd.nextDouble(0.01, 30) * MS;
        long t = 0;
        for (int i = 0; i < n; i++) {
            switch (pattern) {
                case 0 -> t = 0;                                                         // all at once
                case 1 -> t += (long) (-Math.log(1 - rnd.nextDouble()) * meanGapNanos);  // Poisson
                case 2 -> t += rnd.nextInt(10) == 0 ? (long) (meanGapNanos * 20) : 0;    // bursts
                default -> t += rnd.nextLong(0, (long) (2 * meanGapNanos) + 1);          // uniform gaps
            }
            arrivals[i] = t;
            inputs[i] = rnd.nextInt(1, 65);
            outputs[i] = rnd.nextInt(1, 33);
        }
        Costs costs = new Costs(rnd.nextLong(0, 5 * MS), rnd.nextLong(0, 50_000),
                rnd.nextLong(0, 10 * MS), rnd.nextLong(0, 200_000));
        return new Workload(arrivals, inputs, outputs, rnd.nextInt(1, 17), costs);
    }

    @TestFactory
    Stream<DynamicTest> randomWorkloadsKeepTheInvariants() {
        return IntStream.range(0, WORKLOADS).mapToObj(seed -> DynamicTest.dynamicTest("workload seed " + seed, () -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            Workload w = workload(rnd);
            List<Scheduler> schedulers = List.of(
                    new StaticBatchScheduler(rnd.nextInt(1, 21), rnd.nextLong(0, 200 * MS)),
                    new ContinuousBatchScheduler(rnd.nextInt(0, 21), budget(rnd), Policy.PREFILL_FIRST),
                    new ContinuousBatchScheduler(rnd.nextInt(0, 21), budget(rnd), Policy.DECODE_FIRST));
            for (Scheduler s : schedulers) {
                List<ServeRequest> requests = w.requests();
                int maxRunning = s instanceof ContinuousBatchScheduler c ? c.maxBatch() : 0;
                SimulatedLoop loop = new SimulatedLoop(new Checked(s), requests, w.slots(), w.costs(), maxRunning).run();
                SimulatedLoop.assertCompleted(requests);
                loop.assertFifo();
                if (s instanceof StaticBatchScheduler st) {
                    assertStaticBatches(loop, st.maxBatch());
                }
                if (s instanceof ContinuousBatchScheduler c && c.policy() == Policy.DECODE_FIRST) {
                    assertNoTwoPrefillsWhileRunning(loop);
                }
                if (s instanceof ContinuousBatchScheduler c && c.maxTokensPerStep() > 0) {
                    assertBudget(loop, requests, c.maxTokensPerStep());
                }
            }
        }));
    }

    private static int budget(SplittableRandom rnd) {
        return rnd.nextBoolean() ? 0 : rnd.nextInt(1, 200);
    }

    /** A static batch is prefilled, then decoded with exactly its unfinished requests; no admission in between. */
    private static void assertStaticBatches(SimulatedLoop loop, int maxBatch) {
        List<Integer> batch = List.of();
        for (SimulatedLoop.Step s : loop.steps()) {
            if (s.kind() == SimulatedLoop.Kind.PREFILL) {
                assertTrue(s.ids().size() <= maxBatch, "batch > max-batch");
                batch = s.ids();
            } else {
                assertTrue(batch.containsAll(s.ids()),
                        "decode of requests outside the batch " + batch + ": " + s.ids());
            }
        }
        // a prefill only when the previous batch is over: every request of it has its last token
        // by the time the next prefill starts
        List<ServeRequest> order = loop.admissionOrder();
        for (int i = 1; i < order.size(); i++) {
            ServeRequest b = order.get(i);
            for (int j = 0; j < i; j++) {
                ServeRequest a = order.get(j);
                if (a.admittedNanos() != b.admittedNanos()) {
                    assertTrue(a.tokenNanos(a.outputLen() - 1) <= b.admittedNanos(),
                            "request " + b.id() + " admitted while " + a.id() + " ran");
                }
            }
        }
    }

    private static void assertNoTwoPrefillsWhileRunning(SimulatedLoop loop) {
        List<SimulatedLoop.Step> steps = loop.steps();
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).kind() == SimulatedLoop.Kind.PREFILL && steps.get(i - 1).kind() == SimulatedLoop.Kind.PREFILL) {
                // allowed only when nothing ran: every request admitted before has finished
                long start = steps.get(i).startNanos();
                for (ServeRequest r : loop.admissionOrder()) {
                    if (r.admittedNanos() < start) {
                        assertTrue(r.tokenNanos(r.outputLen() - 1) <= start,
                                "decode-first: two prefills in a row while request " + r.id() + " ran");
                    }
                }
            }
        }
    }

    private static void assertBudget(SimulatedLoop loop, List<ServeRequest> requests, int budget) {
        for (SimulatedLoop.Step s : loop.steps()) {
            if (s.kind() == SimulatedLoop.Kind.PREFILL && s.ids().size() > 1) {
                int tokens = s.ids().stream().mapToInt(id -> requests.get(id).inputLen()).sum();
                assertTrue(tokens <= budget,
                        "prefill of " + tokens + " tokens > max-tokens-per-step " + budget);
            }
        }
    }

    /** Checks each plan against the view it was made from: the documented decision rules. */
    private record Checked(Scheduler inner) implements Scheduler {

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public StepPlan next(SchedulerView view) {
            List<ServeRequest> waiting = List.copyOf(view.waiting());
            List<ServeRequest> running = List.copyOf(view.running());
            StepPlan plan = inner.next(view);
            if (inner instanceof StaticBatchScheduler st) {
                if (!running.isEmpty()) {
                    assertEquals(running, assertInstanceOf(StepPlan.Decode.class, plan).sequences());
                } else if (plan instanceof StepPlan.Prefill p) {
                    int target = Math.min(st.maxBatch(), view.freeSlots());
                    assertEquals(waiting.subList(0, Math.min(target, waiting.size())), p.admit());
                    assertTrue(waiting.size() >= target
                            || view.now() - waiting.get(0).arrivalNanos() >= st.batchTimeoutNanos(), "batch started early");
                } else if (!waiting.isEmpty()) {
                    assertEquals(waiting.get(0).arrivalNanos() + st.batchTimeoutNanos(),
                            ((StepPlan.Wait) plan).untilNanos());
                    assertTrue(waiting.size() < Math.min(st.maxBatch(), view.freeSlots()), "waits with a full batch");
                } else {
                    assertEquals(StepPlan.IDLE, plan);
                }
            } else if (inner instanceof ContinuousBatchScheduler c) {
                int cap = c.maxBatch() == 0 ? view.limits().slots() : Math.min(c.maxBatch(), view.limits().slots());
                int room = Math.min(view.freeSlots(), cap - running.size());
                if (plan instanceof StepPlan.Prefill p) {
                    assertTrue(room > 0 && !waiting.isEmpty());
                    int k = p.admit().size();
                    assertEquals(waiting.subList(0, k), p.admit(), "FIFO admission");
                    if (k < Math.min(room, waiting.size()) && c.maxTokensPerStep() > 0) {
                        int tokens = waiting.subList(0, k + 1).stream().mapToInt(ServeRequest::inputLen).sum();
                        assertTrue(tokens > c.maxTokensPerStep(), "admitted fewer than fit");
                    } else {
                        assertEquals(Math.min(room, waiting.size()), k, "admitted fewer than fit");
                    }
                } else if (plan instanceof StepPlan.Decode d) {
                    assertEquals(running, d.sequences());
                    if (c.policy() == Policy.PREFILL_FIRST) {
                        assertTrue(room <= 0 || waiting.isEmpty(), "prefill-first decoded while a request could be admitted");
                    }
                } else {
                    assertEquals(StepPlan.IDLE, plan);
                    assertTrue(waiting.isEmpty() && running.isEmpty());
                }
            }
            return plan;
        }
    }
}
