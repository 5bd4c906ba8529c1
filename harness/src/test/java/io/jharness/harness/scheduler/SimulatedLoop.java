package io.jharness.harness.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plays the serve loop's part against a scheduler on virtual time: requests arrive at their
 * arrival times, each plan is checked against the scheduler contract and carried out with a step
 * cost model, until every request is done. Test code only.
 */
final class SimulatedLoop {

    /** One step carried out: its kind, when it started and ended, and the request ids it named. */
    record Step(Kind kind, long startNanos, long endNanos, List<Integer> ids) {
        @Override
        public String toString() {
            return kind + "@" + startNanos + ids;
        }
    }

    enum Kind { PREFILL, DECODE }

    /** Step costs in nanoseconds; every step costs at least 1ns. */
    record Costs(long prefillFixed, long prefillPerToken, long decodeFixed, long decodePerSeq) {
        long prefill(int tokens) {
            return Math.max(1, prefillFixed + prefillPerToken * tokens);
        }

        long decode(int seqs) {
            return Math.max(1, decodeFixed + decodePerSeq * seqs);
        }
    }

    private final Scheduler scheduler;
    private final List<ServeRequest> pending;  // by arrival
    private final int slots;
    private final boolean prefixSlots;
    private final Costs costs;
    /** Running sequences at most (max-batch of a continuous scheduler), or 0 for none. */
    private final int maxRunning;
    /** Whether the scheduler must never wait while work can run (true for both built-in ones). */
    private boolean workConserving = true;

    private final List<ServeRequest> waiting = new ArrayList<>();
    private final List<ServeRequest> running = new ArrayList<>();
    private final ServeRequest[] slotOwner;
    private final List<ServeRequest> admissionOrder = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private long now;
    private int nextPending;
    private int done;

    SimulatedLoop(Scheduler scheduler, List<ServeRequest> requests, int slots, Costs costs, int maxRunning) {
        this(scheduler, requests, slots, false, costs, maxRunning);
    }

    SimulatedLoop(Scheduler scheduler, List<ServeRequest> requests, int slots, boolean prefixSlots, Costs costs,
            int maxRunning) {
        this.scheduler = scheduler;
        this.pending = new ArrayList<>(requests);
        this.pending.sort(Comparator.comparingLong(ServeRequest::arrivalNanos));  // stable: id order on ties
        this.slots = slots;
        this.prefixSlots = prefixSlots;
        this.costs = costs;
        this.maxRunning = maxRunning;
        this.slotOwner = new ServeRequest[slots];
    }

    SimulatedLoop workConserving(boolean b) {
        workConserving = b;
        return this;
    }

    List<Step> steps() {
        return steps;
    }

    List<ServeRequest> admissionOrder() {
        return admissionOrder;
    }

    long now() {
        return now;
    }

    /** Kinds of the steps carried out, e.g. "PDDP". */
    String kinds() {
        StringBuilder sb = new StringBuilder();
        steps.forEach(s -> sb.append(s.kind() == Kind.PREFILL ? 'P' : 'D'));
        return sb.toString();
    }

    /** The steps' request ids, e.g. "P[0, 1] D[0, 1]". */
    String trace() {
        StringBuilder sb = new StringBuilder();
        for (Step s : steps) {
            sb.append(sb.isEmpty() ? "" : " ").append(s.kind() == Kind.PREFILL ? 'P' : 'D').append(s.ids());
        }
        return sb.toString();
    }

    /** Admission followed arrival order (ties by position in the workload). */
    void assertFifo() {
        for (int i = 1; i < admissionOrder.size(); i++) {
            ServeRequest a = admissionOrder.get(i - 1);
            ServeRequest b = admissionOrder.get(i);
            assertTrue(a.arrivalNanos() < b.arrivalNanos() || a.arrivalNanos() == b.arrivalNanos() && a.id() < b.id(),
                    "FIFO: request " + b.id() + " admitted after " + a.id());
        }
    }

    private final SchedulerView view = new SchedulerView() {
        @Override
        public long now() {
            return now;
        }

        @Override
        public List<ServeRequest> waiting() {
            return Collections.unmodifiableList(waiting);
        }

        @Override
        public List<ServeRequest> running() {
            return Collections.unmodifiableList(running);
        }

        @Override
        public int freeSlots() {
            int free = 0;
            for (ServeRequest r : slotOwner) {
                if (r == null) {
                    free++;
                }
            }
            return free;
        }

        @Override
        public long nextArrivalNanos() {
            return nextPending < pending.size() ? pending.get(nextPending).arrivalNanos() : -1;
        }

        @Override
        public EngineLimits limits() {
            return new EngineLimits(slots, 1 << 20, prefixSlots);
        }
    };

    /** Runs until every request is done; fails on any broken invariant. Returns this. */
    SimulatedLoop run() {
        int total = pending.size();
        long guard = 0;
        long maxSteps = 10L * (total + 1) * 64 + 1000;
        while (done < total) {
            if (++guard > maxSteps) {
                fail("no progress after " + guard + " plans; " + scheduler + " at " + now);
            }
            while (nextPending < pending.size() && pending.get(nextPending).arrivalNanos() <= now) {
                ServeRequest r = pending.get(nextPending++);
                r.arrive();
                waiting.add(r);
            }
            StepPlan plan = scheduler.next(view);
            switch (plan) {
                case StepPlan.Prefill p -> prefill(p.admit());
                case StepPlan.Decode d -> decode(d.sequences());
                case StepPlan.Wait w -> waitUntil(w.untilNanos());
            }
            assertTrue(running.size() <= slots, "more running than slots");
            if (maxRunning > 0) {
                assertTrue(running.size() <= maxRunning, "running " + running.size() + " > max-batch " + maxRunning);
            }
        }
        for (ServeRequest r : slotOwner) {
            assertEquals(null, r, "a KV slot is still held at the end");
        }
        assertTrue(waiting.isEmpty() && running.isEmpty());
        return this;
    }

    private void prefill(List<ServeRequest> admit) {
        assertTrue(!admit.isEmpty(), "empty prefill");
        assertTrue(admit.size() <= view.freeSlots(), "prefill of " + admit.size() + " > free slots " + view.freeSlots());
        Set<ServeRequest> seen = new HashSet<>();
        int tokens = 0;
        for (ServeRequest r : admit) {
            assertTrue(seen.add(r), "request " + r.id() + " twice in a prefill");
            assertEquals(ServeRequest.Status.WAITING, r.status(), "prefill of request " + r.id());
            assertTrue(waiting.contains(r), "prefill of a request not in the waiting list");
            tokens += r.inputLen();
        }
        long start = now;
        List<Integer> ids = new ArrayList<>();
        for (ServeRequest r : admit) {
            int slot = lowestFreeSlot();
            slotOwner[slot] = r;
            r.admit(slot, start);
            admissionOrder.add(r);
            ids.add(r.id());
        }
        waiting.removeAll(seen);
        now += costs.prefill(tokens);
        for (ServeRequest r : admit) {
            r.token(1, now);
            if (r.status() == ServeRequest.Status.DONE) {
                finish(r);
            } else {
                running.add(r);
            }
        }
        steps.add(new Step(Kind.PREFILL, start, now, ids));
    }

    private void decode(List<ServeRequest> seqs) {
        assertTrue(!seqs.isEmpty(), "empty decode");
        Set<ServeRequest> seen = new HashSet<>();
        for (ServeRequest r : seqs) {
            assertTrue(seen.add(r), "request " + r.id() + " twice in a decode");
            assertEquals(ServeRequest.Status.RUNNING, r.status(), "decode of request " + r.id());
            assertTrue(running.contains(r), "decode of a request not running");
        }
        assertEquals(running.size(), seqs.size(), "a decode names every running request");
        long start = now;
        List<Integer> ids = new ArrayList<>();
        seqs.forEach(r -> ids.add(r.id()));
        now += costs.decode(seqs.size());
        for (ServeRequest r : seqs) {  // iterates the plan while changing 'running': the plan must not be a view of it
            r.token(1, now);
            if (r.status() == ServeRequest.Status.DONE) {
                finish(r);
                running.remove(r);
            }
        }
        steps.add(new Step(Kind.DECODE, start, now, ids));
    }

    private void waitUntil(long until) {
        long next = view.nextArrivalNanos();
        if (workConserving) {
            assertTrue(running.isEmpty(), "waits while requests run");
        }
        long to = next < 0 ? until : Math.min(until, next);
        if (to == Long.MAX_VALUE) {
            fail("idle with nothing left to arrive, " + waiting.size() + " waiting, " + running.size() + " running");
        }
        assertTrue(to > now, "a wait that does not move time: until " + until + ", now " + now);
        now = to;
    }

    private void finish(ServeRequest r) {
        slotOwner[r.slot()] = null;
        r.release();
        done++;
    }

    private int lowestFreeSlot() {
        for (int i = 0; i < slotOwner.length; i++) {
            if (slotOwner[i] == null) {
                return i;
            }
        }
        throw new AssertionError("no free slot");
    }

    /** The end-of-run assertions every scheduler must pass. */
    static void assertCompleted(List<ServeRequest> requests) {
        List<ServeRequest> byArrival = new ArrayList<>(requests);
        byArrival.sort(Comparator.comparingLong(ServeRequest::arrivalNanos));
        long lastAdmitted = Long.MIN_VALUE;
        for (ServeRequest r : byArrival) {
            assertEquals(ServeRequest.Status.DONE, r.status(), "request " + r.id());
            assertEquals(r.outputLen(), r.generated(), "tokens of request " + r.id());
            assertEquals(-1, r.slot(), "slot of request " + r.id());
            assertTrue(r.admittedNanos() >= r.arrivalNanos(), "admitted before arrival: " + r.id());
            assertTrue(r.admittedNanos() >= lastAdmitted, "FIFO: request " + r.id() + " admitted before an older one");
            lastAdmitted = r.admittedNanos();
            long last = r.admittedNanos();
            for (int i = 0; i < r.outputLen(); i++) {
                assertTrue(r.tokenNanos(i) > last, "token times of request " + r.id() + " not increasing");
                last = r.tokenNanos(i);
            }
        }
    }

    static ServeRequest request(int id, long arrivalNanos, int inputLen, int outputLen) {
        return new ServeRequest(id, arrivalNanos, new int[inputLen], outputLen, false);
    }
}
