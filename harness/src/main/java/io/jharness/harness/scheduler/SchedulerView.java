package io.jharness.harness.scheduler;

import java.util.List;

/** What a scheduler sees when it plans the next step. Read-only; valid for one call. */
public interface SchedulerView {

    /** Now, in nanoseconds on the engine's clock from the start of the run. */
    long now();

    /** Requests that have arrived and wait for admission, oldest first. */
    List<ServeRequest> waiting();

    /** Admitted requests that still generate, in admission order. */
    List<ServeRequest> running();

    /** Free KV slots. */
    int freeSlots();

    /** When the next request will arrive, or -1 when none will. */
    long nextArrivalNanos();

    /** The engine's limits for this run. */
    EngineLimits limits();
}
