package io.jharness.harness.scheduler;

import java.util.List;

/** A view frozen at one moment, for calling a scheduler directly. Test code only. */
record FixedView(long now, List<ServeRequest> waiting, List<ServeRequest> running, int freeSlots,
        long nextArrivalNanos, EngineLimits limits) implements SchedulerView {

    static FixedView of(long now, List<ServeRequest> waiting, List<ServeRequest> running, int slots) {
        return new FixedView(now, waiting, running, slots - running.size(), -1, new EngineLimits(slots, 1024, false));
    }
}
