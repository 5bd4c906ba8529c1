package io.jharness.harness.scheduler;

import java.util.List;
import java.util.Map;

/**
 * {@code --scheduler static}: {@link StaticBatchScheduler}. Options: {@code max-batch} (requests
 * per batch, {@code >= 1}, default 8) and {@code batch-timeout} (how long the oldest waiting
 * request waits for the batch to fill, a duration such as {@code 50ms}, default 100ms).
 */
public final class StaticBatchSchedulerProvider implements SchedulerProvider {

    public static final String MAX_BATCH = "max-batch";
    public static final String BATCH_TIMEOUT = "batch-timeout";
    public static final int DEFAULT_MAX_BATCH = 8;
    public static final long DEFAULT_BATCH_TIMEOUT_NANOS = 100_000_000L;

    @Override
    public String name() {
        return StaticBatchScheduler.NAME;
    }

    @Override
    public String description() {
        return "static batches: wait for max-batch requests (default 8) or batch-timeout (default 100ms), "
                + "prefill them together, decode until all are done; runs on every engine";
    }

    @Override
    public Scheduler create(Map<String, String> options) {
        SchedulerOptions o = SchedulerOptions.of(name(), options, List.of(MAX_BATCH, BATCH_TIMEOUT));
        int maxBatch = o.intAtLeast(MAX_BATCH, 1, DEFAULT_MAX_BATCH, "");
        long timeout = o.durationNanos(BATCH_TIMEOUT, DEFAULT_BATCH_TIMEOUT_NANOS);
        return new StaticBatchScheduler(maxBatch, timeout);
    }
}
