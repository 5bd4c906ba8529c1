package io.jharness.harness.scheduler;

import java.util.Map;

/**
 * Creates schedulers of one kind; found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.jharness.harness.scheduler.SchedulerProvider}).
 */
public interface SchedulerProvider {

    String name();

    /** One line for help text. */
    String description();

    /**
     * @param options scheduler options ({@code --scheduler-opt key=value}, and the shorthands
     *                {@code --max-batch}, {@code --max-tokens-per-step}, {@code --policy})
     * @throws IllegalArgumentException naming a bad option and what is allowed
     */
    Scheduler create(Map<String, String> options);
}
