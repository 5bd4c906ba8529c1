package io.jharness.harness.runner;

import io.jharness.engine.timing.HostClockStepTimer;
import io.jharness.engine.timing.NanoClock;
import io.jharness.engine.timing.StepTimer;
import java.util.List;

/** A host-clock timer that counts the steps it timed (warm-up's included) into a shared list, one entry per timer. */
final class CountingTimer implements StepTimer {

    private final HostClockStepTimer wall;
    private final List<Integer> counts;
    private final int index;

    /** A timer whose count is {@code counts}' next entry. */
    CountingTimer(NanoClock clock, List<Integer> counts) {
        this.wall = new HostClockStepTimer(clock);
        this.counts = counts;
        this.index = counts.size();
        counts.add(0);
    }

    @Override
    public String name() {
        return "counting-test-timer";
    }

    @Override
    public boolean measuresGpuTime() {
        return false;
    }

    @Override
    public void begin() {
        counts.set(index, counts.get(index) + 1);
        wall.begin();
    }

    @Override
    public void end() {
        wall.end();
    }

    @Override
    public long wallNanos() {
        return wall.wallNanos();
    }

    @Override
    public long gpuNanos() {
        return wall.gpuNanos();
    }

    @Override
    public long endNanos() {
        return wall.endNanos();
    }
}
