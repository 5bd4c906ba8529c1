package io.jharness.harness.serve;

import io.jharness.engine.EngineException;
import io.jharness.engine.EngineSession;
import io.jharness.engine.timing.NanoClock;
import io.jharness.engine.timing.StepTimer;
import io.jharness.harness.metrics.StepStats;
import io.jharness.harness.runner.StepGuard;
import io.jharness.harness.scheduler.EngineLimits;
import io.jharness.harness.scheduler.Scheduler;
import io.jharness.harness.scheduler.SchedulerView;
import io.jharness.harness.scheduler.ServeRequest;
import io.jharness.harness.scheduler.StepPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives an engine session with requests that arrive over time. Before every step it lets the
 * arrived requests in, asks the scheduler for a plan, checks the plan against the scheduler
 * contract, runs it (assigning KV slots, timing the step), records every token's time on the
 * requests, and releases the slots of finished requests. When the scheduler waits, the loop
 * waits on the engine's clock (a virtual clock jumps), so a 100,000-request run on the mock
 * takes seconds.
 *
 * <p>Open loop: requests arrive at their scheduled times whatever happens. Closed loop
 * ({@code concurrency > 0}): the first {@code concurrency} requests arrive at the start and each
 * finished request lets the next one in.
 *
 * <p>On sessions whose rows are their slots (the djl engine), a batch's slots are released only
 * when the whole batch is done, and decode steps cover rows {@code 0..n-1}, feeding finished rows
 * their last token and ignoring what comes back: what a static engine does with padding.
 */
public final class ServeLoop implements SchedulerView {

    private final EngineSession session;
    private final StepTimer timer;
    private final NanoClock clock;
    private final Scheduler scheduler;
    private final EngineLimits limits;
    private final int vocabSize;
    private final StepGuard guard;
    private final StepStats prefillStats = new StepStats();
    private final StepStats decodeStats = new StepStats();

    private final List<ServeRequest> waiting;
    private final List<ServeRequest> running;
    private final ServeRequest[] slotOwner;
    private final int[] freeSlots;
    private int freeCount;
    private final int[] slots;
    private final int[][] prompts;
    private final int[] tokensIn;
    private final int[] tokensOut;
    private final ServeRequest[] rows;
    private final boolean[] inStep;

    /** The longest the loop waits for an arrival without checking its guard. */
    private static final long WAIT_SLICE_NANOS = 50_000_000L;

    private List<ServeRequest> requests;
    private int nextPending;
    private int nextClosedLoop;
    private long start;
    private long now;
    private int finished;
    private long steps;

    public ServeLoop(EngineSession session, StepTimer timer, NanoClock clock, Scheduler scheduler, int vocabSize) {
        this(session, timer, clock, scheduler, vocabSize, StepGuard.NONE);
    }

    /**
     * @param guard checked before every step and while waiting for arrivals: a deadline passed or
     *              a stop asked ends the run there with a {@link io.jharness.harness.runner.PointStoppedException}
     */
    public ServeLoop(EngineSession session, StepTimer timer, NanoClock clock, Scheduler scheduler, int vocabSize,
            StepGuard guard) {
        this.session = session;
        this.guard = guard;
        this.timer = timer;
        this.clock = clock;
        this.scheduler = scheduler;
        this.vocabSize = vocabSize;
        int n = session.maxBatch();
        this.limits = new EngineLimits(n, session.maxSeqLen(), session.rowsAreSlots());
        this.waiting = new ArrayList<>(n);
        this.running = new ArrayList<>(n);
        this.slotOwner = new ServeRequest[n];
        this.freeSlots = new int[n];
        for (int i = 0; i < n; i++) {
            freeSlots[i] = n - 1 - i; // a stack: the lowest slot is handed out first
        }
        this.freeCount = n;
        this.slots = new int[n];
        this.prompts = new int[n][];
        this.tokensIn = new int[n];
        this.tokensOut = new int[n];
        this.rows = new ServeRequest[n];
        this.inStep = new boolean[n];
    }

    /**
     * Serves every request to completion.
     *
     * @param requests    in arrival order; closed-loop requests have arrival -1
     * @param concurrency 0 for an open loop, else the number of requests in flight
     * @return steps run
     * @throws EngineException when a step fails; requests in flight are marked failed
     */
    public long run(List<ServeRequest> requests, int concurrency) {
        this.requests = requests;
        this.start = clock.nanoTime();
        this.now = 0;
        this.nextClosedLoop = 0;
        if (concurrency > 0) {
            for (int i = 0; i < Math.min(concurrency, requests.size()); i++) {
                requests.get(i).scheduleAt(0);
            }
            nextClosedLoop = Math.min(concurrency, requests.size());
        }
        try {
            while (finished < requests.size()) {
                guard.check();
                now = clock.nanoTime() - start;
                admitArrivals();
                StepPlan plan = scheduler.next(this);
                switch (plan) {
                    case StepPlan.Prefill p -> prefill(p.admit());
                    case StepPlan.Decode d -> decode(d.sequences());
                    case StepPlan.Wait w -> waitFor(w.untilNanos());
                }
            }
        } catch (RuntimeException e) {
            for (ServeRequest r : requests) {
                if (r.status() == ServeRequest.Status.RUNNING || r.status() == ServeRequest.Status.WAITING) {
                    r.fail(e.getMessage());
                }
            }
            throw e;
        }
        return steps;
    }

    public StepStats prefillStats() {
        return prefillStats;
    }

    public StepStats decodeStats() {
        return decodeStats;
    }

    // ---- SchedulerView ----

    @Override
    public long now() {
        return now;
    }

    @Override
    public List<ServeRequest> waiting() {
        return waiting;
    }

    @Override
    public List<ServeRequest> running() {
        return running;
    }

    @Override
    public int freeSlots() {
        return freeCount;
    }

    @Override
    public long nextArrivalNanos() {
        if (nextPending >= requests.size()) {
            return -1;
        }
        return requests.get(nextPending).arrivalNanos();
    }

    @Override
    public EngineLimits limits() {
        return limits;
    }

    // ---- the loop ----

    private void admitArrivals() {
        while (nextPending < requests.size()) {
            ServeRequest r = requests.get(nextPending);
            if (r.arrivalNanos() < 0 || r.arrivalNanos() > now) {
                return; // closed-loop requests wait for a finish to schedule them
            }
            r.arrive();
            waiting.add(r);
            nextPending++;
        }
    }

    private void waitFor(long until) {
        if (until <= now) {
            // Waiting for a time already past makes no progress: on a virtual clock, forever.
            throw new IllegalStateException("scheduler '" + scheduler.name() + "' asked to wait until " + until
                    + " ns, which is not after now (" + now + " ns)");
        }
        long next = nextArrivalNanos();
        long target = next < 0 ? until : Math.min(until, next);
        if (target == Long.MAX_VALUE || target < 0) {
            throw new IllegalStateException("scheduler '" + scheduler.name() + "' waits with " + waiting.size()
                    + " waiting and " + running.size() + " running requests, and none will arrive: it would wait forever");
        }
        // In slices, so a deadline or a stop is seen during a long wait on a real clock too (a
        // virtual clock jumps in one slice).
        long wakeAt = start + Math.max(target, now);
        while (clock.nanoTime() - wakeAt < 0) {
            guard.check();
            clock.waitUntil(Math.min(wakeAt, clock.nanoTime() + WAIT_SLICE_NANOS));
        }
    }

    private void prefill(List<ServeRequest> admit) {
        int count = admit.size();
        if (count == 0 || count > freeCount) {
            throw new IllegalStateException("scheduler '" + scheduler.name() + "' admitted " + count
                    + " requests with " + freeCount + " free slots");
        }
        for (int i = 0; i < count; i++) {
            ServeRequest r = admit.get(i);
            if (r.status() != ServeRequest.Status.WAITING) {
                throw new IllegalStateException("scheduler '" + scheduler.name() + "' admitted request " + r.id()
                        + ", which is " + r.status());
            }
            int slot = freeSlots[--freeCount];
            slots[i] = slot;
            prompts[i] = r.prompt();
            rows[i] = r;
            slotOwner[slot] = r;
        }
        if (limits.prefixSlots()) {
            checkPrefix(count);
        }
        long begin = clock.nanoTime() - start;
        timer.begin();
        session.prefill(count, slots, prompts, tokensOut);
        timer.end();
        steps++;
        long end = timer.endNanos() - start;
        prefillStats.record(timer.wallNanos(), timer.gpuNanos());
        removeFromWaiting(admit);
        for (int i = 0; i < count; i++) {
            ServeRequest r = rows[i];
            r.admit(slots[i], begin);
            r.prefillGpu(timer.gpuNanos());
            r.token(checkToken(tokensOut[i]), end);
            if (r.status() == ServeRequest.Status.DONE) {
                finish(r, end);
            } else {
                running.add(r);
            }
        }
        releaseDrainedBatch();
    }

    private void decode(List<ServeRequest> sequences) {
        int count = sequences.size();
        if (count == 0) {
            throw new IllegalStateException("scheduler '" + scheduler.name() + "' planned an empty decode step");
        }
        int n;
        if (limits.prefixSlots()) {
            // Rows are slots: decode rows 0..maxSlot, padding finished rows with their last token.
            int maxSlot = -1;
            for (int i = 0; i < count; i++) {
                ServeRequest r = sequences.get(i);
                checkRunning(r);
                maxSlot = Math.max(maxSlot, r.slot());
            }
            n = maxSlot + 1;
            for (int row = 0; row < n; row++) {
                ServeRequest owner = slotOwner[row];
                if (owner == null) {
                    throw new IllegalStateException("row " + row + " holds no sequence in a static batch");
                }
                slots[row] = row;
                tokensIn[row] = owner.lastToken();
                rows[row] = owner.status() == ServeRequest.Status.RUNNING ? owner : null;
            }
        } else {
            n = count;
            for (int i = 0; i < count; i++) {
                ServeRequest r = sequences.get(i);
                checkRunning(r);
                if (inStep[r.slot()]) {
                    throw new IllegalStateException("scheduler '" + scheduler.name() + "' decodes request " + r.id()
                            + " twice in one step");
                }
                inStep[r.slot()] = true;
                slots[i] = r.slot();
                tokensIn[i] = r.lastToken();
                rows[i] = r;
            }
            for (int i = 0; i < count; i++) {
                inStep[slots[i]] = false;
            }
        }
        timer.begin();
        session.decode(n, slots, tokensIn, tokensOut);
        timer.end();
        steps++;
        long end = timer.endNanos() - start;
        decodeStats.record(timer.wallNanos(), timer.gpuNanos());
        boolean anyDone = false;
        for (int i = 0; i < n; i++) {
            ServeRequest r = rows[i];
            if (r == null) {
                continue; // padding row of a finished sequence
            }
            r.token(checkToken(tokensOut[i]), end);
            if (r.status() == ServeRequest.Status.DONE) {
                anyDone = true;
                finish(r, end);
            }
        }
        if (anyDone) {
            keepOnly(running, ServeRequest.Status.RUNNING);
            releaseDrainedBatch();
        }
    }

    private void finish(ServeRequest r, long end) {
        finished++;
        if (!limits.prefixSlots()) {
            release(r);
        }
        // Closed loop: a finished request lets the next one in, at this moment.
        if (nextClosedLoop > 0 && nextClosedLoop < requests.size()) {
            requests.get(nextClosedLoop++).scheduleAt(end);
        }
    }

    /** On row-is-slot sessions, slots go back only when the whole batch is done. */
    private void releaseDrainedBatch() {
        if (limits.prefixSlots() && running.isEmpty()) {
            // Highest first, so the free-slot stack hands out slot 0 first for the next batch.
            for (int slot = slotOwner.length - 1; slot >= 0; slot--) {
                if (slotOwner[slot] != null) {
                    release(slotOwner[slot]);
                }
            }
        }
    }

    private void release(ServeRequest r) {
        int slot = r.slot();
        session.release(slot);
        slotOwner[slot] = null;
        freeSlots[freeCount++] = slot;
        r.release();
    }

    private void removeFromWaiting(List<ServeRequest> admitted) {
        int k = admitted.size();
        // FIFO schedulers admit a prefix of the queue: clear it in one shift.
        boolean prefix = k <= waiting.size();
        for (int i = 0; prefix && i < k; i++) {
            prefix = waiting.get(i) == admitted.get(i);
        }
        if (prefix) {
            int n = waiting.size();
            for (int i = k; i < n; i++) {
                waiting.set(i - k, waiting.get(i));
            }
            truncate(waiting, n - k);
        } else {
            keepOnly(waiting, ServeRequest.Status.WAITING);
        }
    }

    // The lists are edited in place by hand: removeIf allocates a bit set whenever it removes
    // something, and subList a view, on every step that admits or finishes requests.

    /** Keeps the requests in {@code status}, in their order. */
    private static void keepOnly(List<ServeRequest> list, ServeRequest.Status status) {
        int kept = 0;
        for (int i = 0, n = list.size(); i < n; i++) {
            ServeRequest r = list.get(i);
            if (r.status() == status) {
                list.set(kept++, r);
            }
        }
        truncate(list, kept);
    }

    /** Drops the list's elements from {@code size} on, from the end (no shifting). */
    private static void truncate(List<ServeRequest> list, int size) {
        for (int i = list.size() - 1; i >= size; i--) {
            list.remove(i);
        }
    }

    private void checkPrefix(int count) {
        for (int i = 0; i < count; i++) {
            if (slots[i] != i) {
                throw new IllegalStateException("this engine runs static batches only (row i of a step is slot i): "
                        + "a prefill may start only when every slot is free; use --scheduler static");
            }
        }
    }

    private void checkRunning(ServeRequest r) {
        if (r.status() != ServeRequest.Status.RUNNING) {
            throw new IllegalStateException("scheduler '" + scheduler.name() + "' decodes request " + r.id()
                    + ", which is " + r.status());
        }
    }

    private int checkToken(int t) {
        if (t < 0 || t >= vocabSize) {
            throw new EngineException("the engine returned token id " + t + ", outside its vocabulary [0, "
                    + vocabSize + "): its output cannot be trusted");
        }
        return t;
    }
}
