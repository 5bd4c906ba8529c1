package io.jharness.harness.scheduler;

/**
 * Decides each step of an online-load run: which waiting requests to admit and prefill, or which
 * running ones to decode. The serve loop calls {@link #next} before every step, carries the plan
 * out (assigning KV slots to admitted requests, releasing them when requests finish) and asks
 * again. Implementations are found with {@link java.util.ServiceLoader} through
 * {@link SchedulerProvider}, so users can add their own.
 *
 * <p>Contract, checked by the loop: a prefill admits only waiting requests, at most
 * {@code view.freeSlots()} of them; a decode names only running requests, each once; a plan is
 * never empty. {@link #next} runs on the hot path: keep it allocation-light.
 */
public interface Scheduler {

    /** The name users select it by ({@code --scheduler NAME}). */
    String name();

    StepPlan next(SchedulerView view);
}
