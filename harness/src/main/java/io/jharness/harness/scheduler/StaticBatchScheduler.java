package io.jharness.harness.scheduler;

import io.jharness.engine.timing.Durations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;

/**
 * Static batching: a batch is formed, prefilled in one step and decoded until every request of it
 * is done; nothing is admitted while a batch runs.
 *
 * <p>When nothing runs, the batch fills up to {@code min(max-batch, free KV slots)} requests (all
 * slots are free then, so this is {@code max-batch} unless the engine has fewer slots). The
 * scheduler starts the batch as soon as that many requests wait, or once the oldest waiting
 * request has waited {@code batch-timeout} (measured from its scheduled arrival), taking then the
 * requests that wait, up to that size, oldest first. Until then it answers
 * {@link StepPlan.Wait} until the oldest arrival plus the timeout (the loop also wakes at the next
 * arrival and asks again). While a batch runs, every step decodes all of its requests that still
 * generate. With nothing waiting and nothing running it answers {@link StepPlan#IDLE}.
 *
 * <p>Works with engines that map step row i to slot i ({@link EngineLimits#prefixSlots()}): a
 * batch starts only when every slot is free.
 *
 * <p>Not thread-safe; one instance serves one run. The returned plan is valid until the next
 * call: its list is reused.
 */
public final class StaticBatchScheduler implements Scheduler {

    public static final String NAME = "static";

    private final int maxBatch;
    private final long batchTimeoutNanos;

    private final List<ServeRequest> admit;
    private final List<ServeRequest> decode;
    private final StepPlan.Prefill prefillPlan;
    private final StepPlan.Decode decodePlan;
    private StepPlan.Wait lastWait = new StepPlan.Wait(Long.MIN_VALUE);

    /**
     * @param maxBatch          requests in a batch at most, {@code >= 1}
     * @param batchTimeoutNanos how long the oldest waiting request waits for a batch to fill,
     *                          {@code >= 0}
     */
    public StaticBatchScheduler(int maxBatch, long batchTimeoutNanos) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max-batch must be >= 1, got " + maxBatch);
        }
        if (batchTimeoutNanos < 0) {
            throw new IllegalArgumentException("batch-timeout must be >= 0, got " + batchTimeoutNanos + "ns");
        }
        this.maxBatch = maxBatch;
        this.batchTimeoutNanos = batchTimeoutNanos;
        // Sized for a whole batch up front, so the first steps of a run do not grow them.
        this.admit = new ArrayList<>(StaticBatchScheduler.planCapacity(maxBatch));
        this.decode = new ArrayList<>(StaticBatchScheduler.planCapacity(maxBatch));
        this.prefillPlan = new StepPlan.Prefill(Collections.unmodifiableList(admit));
        this.decodePlan = new StepPlan.Decode(Collections.unmodifiableList(decode));
    }

    @Override
    public String name() {
        return NAME;
    }

    public int maxBatch() {
        return maxBatch;
    }

    public long batchTimeoutNanos() {
        return batchTimeoutNanos;
    }

    @Override
    public StepPlan next(SchedulerView view) {
        List<ServeRequest> running = view.running();
        if (!running.isEmpty()) {
            decode.clear();
            copy(running, decode, Integer.MAX_VALUE);
            return decodePlan;
        }
        List<ServeRequest> waiting = view.waiting();
        if (waiting.isEmpty()) {
            return StepPlan.IDLE;
        }
        int free = view.freeSlots();
        if (free <= 0) {
            throw new IllegalStateException("requests wait and none runs, but no KV slot is free");
        }
        int target = Math.min(maxBatch, free);
        long deadline = saturatedAdd(waiting.get(0).arrivalNanos(), batchTimeoutNanos);
        if (waiting.size() >= target || view.now() >= deadline) {
            admit.clear();
            copy(waiting, admit, target);
            return prefillPlan;
        }
        if (lastWait.untilNanos() != deadline) {
            lastWait = new StepPlan.Wait(deadline);
        }
        return lastWait;
    }

    static void copy(List<ServeRequest> from, List<ServeRequest> to, int max) {
        if (from instanceof RandomAccess) {
            int n = Math.min(max, from.size());
            for (int i = 0; i < n; i++) {
                to.add(from.get(i));
            }
        } else {
            for (ServeRequest r : from) {
                if (to.size() >= max) {
                    break;
                }
                to.add(r);
            }
        }
    }

    /** Initial capacity of a plan's list: the batch when it is known (0: one per KV slot, unknown here). */
    static int planCapacity(int maxBatch) {
        return maxBatch <= 0 ? 16 : Math.min(maxBatch, 1024);
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    @Override
    public String toString() {
        return NAME + "(max-batch=" + maxBatch + ", batch-timeout="
                + Durations.format(batchTimeoutNanos) + ")";
    }
}
