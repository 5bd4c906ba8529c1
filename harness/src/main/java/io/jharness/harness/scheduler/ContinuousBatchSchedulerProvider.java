package io.jharness.harness.scheduler;

import java.util.List;
import java.util.Map;

/**
 * {@code --scheduler continuous}: {@link ContinuousBatchScheduler}. Options: {@code max-batch}
 * (running sequences at most, {@code >= 0}, default 0: one per KV slot),
 * {@code max-tokens-per-step} (prompt tokens per prefill step, {@code >= 0}, default 0:
 * unlimited; the oldest waiting request is admitted even when its prompt alone is longer) and
 * {@code policy} ({@code prefill-first}, the default, or {@code decode-first}).
 */
public final class ContinuousBatchSchedulerProvider implements SchedulerProvider {

    public static final String MAX_BATCH = "max-batch";
    public static final String MAX_TOKENS_PER_STEP = "max-tokens-per-step";
    public static final String POLICY = "policy";

    @Override
    public String name() {
        return ContinuousBatchScheduler.NAME;
    }

    @Override
    public String description() {
        return "continuous batching: admit waiting requests whenever a KV slot frees (policy prefill-first "
                + "or decode-first, max-batch, max-tokens-per-step); needs an engine whose steps take any slot";
    }

    @Override
    public Scheduler create(Map<String, String> options) {
        SchedulerOptions o = SchedulerOptions.of(name(), options, List.of(MAX_BATCH, MAX_TOKENS_PER_STEP, POLICY));
        int maxBatch = o.intAtLeast(MAX_BATCH, 0, 0, " (0: one per KV slot)");
        int budget = o.intAtLeast(MAX_TOKENS_PER_STEP, 0, 0, " (0: unlimited)");
        ContinuousBatchScheduler.Policy policy = ContinuousBatchScheduler.Policy.of(
                o.oneOf(POLICY, ContinuousBatchScheduler.Policy.labels(),
                        ContinuousBatchScheduler.Policy.PREFILL_FIRST.label()));
        return new ContinuousBatchScheduler(maxBatch, budget, policy);
    }
}
