package io.jharness.harness.runner;

import io.jharness.engine.timing.GpuTimeSink;
import io.jharness.engine.timing.HostClockStepTimer;
import io.jharness.engine.timing.NanoClock;
import io.jharness.engine.timing.StepTimer;

/**
 * A test double of a timer that defers device times like the CUDA-event timer's ring: each step's
 * "device time" (a fixed fraction of its wall time) reaches its sink {@value #LAG} steps later, or
 * at flush/close.
 */
final class DeferringTimer implements StepTimer {

    static final int LAG = 3;

    private final HostClockStepTimer wall;
    private final long[] walls = new long[LAG];
    private final GpuTimeSink[] sinks = new GpuTimeSink[LAG];
    private final boolean[] pending = new boolean[LAG];
    private int slot = LAG - 1;
    private boolean defer;
    int delivered;

    DeferringTimer(NanoClock clock) {
        this.wall = new HostClockStepTimer(clock);
    }

    /** The device time this double reports for a step of {@code wallNanos}. */
    static long gpuOf(long wallNanos) {
        return wallNanos * 3 / 4;
    }

    @Override
    public String name() {
        return "deferring-test-timer";
    }

    @Override
    public boolean measuresGpuTime() {
        return true;
    }

    @Override
    public boolean deferGpuTimes() {
        defer = true;
        return true;
    }

    @Override
    public void begin() {
        slot = (slot + 1) % LAG;
        if (pending[slot]) {
            deliver(slot);
        }
        wall.begin();
    }

    @Override
    public void end() {
        wall.end();
        if (defer) {
            pending[slot] = true;
            walls[slot] = wall.wallNanos();
            sinks[slot] = null;
        }
    }

    @Override
    public void sendGpuTimeTo(GpuTimeSink sink) {
        sinks[slot] = sink;
    }

    @Override
    public void flush() {
        for (int k = 1; k <= LAG; k++) {
            int i = (slot + k) % LAG;
            if (pending[i]) {
                deliver(i);
            }
        }
    }

    private void deliver(int i) {
        pending[i] = false;
        if (sinks[i] != null) {
            sinks[i].onGpuTime(walls[i], gpuOf(walls[i]));
            delivered++;
        }
    }

    @Override
    public long wallNanos() {
        return wall.wallNanos();
    }

    @Override
    public long gpuNanos() {
        return defer ? PENDING : gpuOf(wall.wallNanos());
    }

    @Override
    public long endNanos() {
        return wall.endNanos();
    }

    @Override
    public void close() {
        flush();
    }
}
