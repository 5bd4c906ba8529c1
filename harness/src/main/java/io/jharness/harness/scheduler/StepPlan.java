package io.jharness.harness.scheduler;

import java.util.List;

/** What the next step is. */
public sealed interface StepPlan {

    /** Admit these waiting requests (in this order) and run their prompts. */
    record Prefill(List<ServeRequest> admit) implements StepPlan {}

    /** One generation step for these running requests. */
    record Decode(List<ServeRequest> sequences) implements StepPlan {}

    /**
     * Nothing to run until {@code untilNanos}, or until the next arrival if that is sooner
     * (e.g. a static batch waiting to fill up).
     */
    record Wait(long untilNanos) implements StepPlan {}

    /** Nothing to run until the next arrival. */
    StepPlan IDLE = new Wait(Long.MAX_VALUE);
}
