package io.jharness.harness.scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Continuous batching: requests join the running batch as soon as a KV slot frees, and leave it
 * when they finish; a step is either a prefill of newly admitted requests or a decode of all
 * running ones.
 *
 * <ul>
 *   <li><b>Admission</b> is first come, first served: the oldest waiting request first, and a
 *       request is never passed over for a younger one. A prefill admits as many waiting requests
 *       as fit: at most the free KV slots, at most {@code max-batch} running in all, and prompts
 *       totalling at most {@code max-tokens-per-step} tokens. The oldest waiting request is always
 *       admitted when a slot is free, <em>even if its prompt alone exceeds
 *       {@code max-tokens-per-step}</em> (it then runs alone in its prefill step); otherwise a long
 *       prompt could never run. Admission stops at the first request that does not fit.</li>
 *   <li><b>{@code max-batch}</b>: running sequences at most; 0 (the default) means one per KV
 *       slot. A value above the engine's slots is capped at the slots.</li>
 *   <li><b>{@code policy=prefill-first}</b> (default): whenever a request waits and it can be
 *       admitted (a slot is free and fewer than {@code max-batch} run), the next step is a
 *       prefill; otherwise a decode of every running request.</li>
 *   <li><b>{@code policy=decode-first}</b>: like prefill-first, except that two prefill steps
 *       never follow each other while requests run: after a prefill, if anything runs, the next
 *       step is a decode. With nothing running, a prefill may follow a prefill.</li>
 * </ul>
 *
 * <p>A decode plan names every running request. With nothing waiting and nothing running the
 * scheduler answers {@link StepPlan#IDLE}.
 *
 * <p>Needs an engine whose steps can use any KV slot: with {@link EngineLimits#prefixSlots()}
 * {@link #next} throws {@link IllegalStateException}.
 *
 * <p>Not thread-safe; one instance serves one run, and it keeps the kind of the last plan it
 * returned (for {@code decode-first}), so it assumes the loop carries out every plan. The
 * returned plan is valid until the next call: its list is reused.
 */
public final class ContinuousBatchScheduler implements Scheduler {

    public static final String NAME = "continuous";

    /** The message {@link #next} throws with on engines that map row i to slot i. */
    public static final String PREFIX_SLOTS_MESSAGE = "the continuous scheduler needs an engine whose steps "
            + "take any KV slot; this engine maps row i to slot i (djl, model contract v1): use --scheduler static";

    /** Which step goes first when both prefill and decode work exist. */
    public enum Policy {
        PREFILL_FIRST("prefill-first"),
        DECODE_FIRST("decode-first");

        private final String label;

        Policy(String label) {
            this.label = label;
        }

        /** The option value. */
        public String label() {
            return label;
        }

        public static List<String> labels() {
            List<String> labels = new ArrayList<>();
            for (Policy p : values()) {
                labels.add(p.label);
            }
            return labels;
        }

        public static Policy of(String label) {
            for (Policy p : values()) {
                if (p.label.equals(label)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown policy '" + label + "'; allowed: "
                    + String.join(", ", labels()));
        }
    }

    private final int maxBatch;
    private final int maxTokensPerStep;
    private final Policy policy;

    private final List<ServeRequest> admit;
    private final List<ServeRequest> decode;
    private final StepPlan.Prefill prefillPlan;
    private final StepPlan.Decode decodePlan;
    private boolean lastWasPrefill;

    /**
     * @param maxBatch         running sequences at most; 0: one per KV slot
     * @param maxTokensPerStep prompt tokens a prefill step admits at most; 0: unlimited
     * @param policy           which step goes first when both kinds of work exist
     */
    public ContinuousBatchScheduler(int maxBatch, int maxTokensPerStep, Policy policy) {
        if (maxBatch < 0) {
            throw new IllegalArgumentException("max-batch must be >= 0 (0: one per KV slot), got " + maxBatch);
        }
        if (maxTokensPerStep < 0) {
            throw new IllegalArgumentException("max-tokens-per-step must be >= 0 (0: unlimited), got "
                    + maxTokensPerStep);
        }
        this.maxBatch = maxBatch;
        this.maxTokensPerStep = maxTokensPerStep;
        this.policy = Objects.requireNonNull(policy, "policy");
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

    /** Running sequences at most; 0: one per KV slot. */
    public int maxBatch() {
        return maxBatch;
    }

    /** Prompt tokens per prefill step at most; 0: unlimited. */
    public int maxTokensPerStep() {
        return maxTokensPerStep;
    }

    public Policy policy() {
        return policy;
    }

    @Override
    public StepPlan next(SchedulerView view) {
        EngineLimits limits = view.limits();
        if (limits.prefixSlots()) {
            throw new IllegalStateException(PREFIX_SLOTS_MESSAGE);
        }
        List<ServeRequest> waiting = view.waiting();
        List<ServeRequest> running = view.running();
        int cap = maxBatch == 0 ? limits.slots() : Math.min(maxBatch, limits.slots());
        int room = Math.min(view.freeSlots(), cap - running.size());
        boolean canPrefill = room > 0 && !waiting.isEmpty();
        if (canPrefill && (policy == Policy.PREFILL_FIRST || running.isEmpty() || !lastWasPrefill)) {
            fillAdmit(waiting, room);
            lastWasPrefill = true;
            return prefillPlan;
        }
        if (!running.isEmpty()) {
            decode.clear();
            StaticBatchScheduler.copy(running, decode, Integer.MAX_VALUE);
            lastWasPrefill = false;
            return decodePlan;
        }
        if (!waiting.isEmpty()) {
            throw new IllegalStateException("requests wait and none runs, but no KV slot is free");
        }
        return StepPlan.IDLE;
    }

    /** The oldest waiting requests that fit {@code room} slots and the token budget; at least one. */
    private void fillAdmit(List<ServeRequest> waiting, int room) {
        admit.clear();
        int n = Math.min(room, waiting.size());
        long tokens = 0;
        for (int i = 0; i < n; i++) {
            ServeRequest r = waiting.get(i);
            tokens += r.inputLen();
            if (maxTokensPerStep > 0 && tokens > maxTokensPerStep && i > 0) {
                break;
            }
            admit.add(r);
        }
    }

    @Override
    public String toString() {
        return NAME + "(max-batch=" + (maxBatch == 0 ? "slots" : Integer.toString(maxBatch))
                + ", max-tokens-per-step=" + (maxTokensPerStep == 0 ? "unlimited" : Integer.toString(maxTokensPerStep))
                + ", policy=" + policy.label() + ")";
    }
}
