package io.jharness.engine.timing;

/**
 * Times steps on a host clock (or the mock engine's virtual clock). Correct for engines whose
 * step calls return only once the step's results are on the host, which the SPI requires.
 */
public final class HostClockStepTimer implements StepTimer {

    private final NanoClock clock;
    private long start;
    private long end;

    public HostClockStepTimer(NanoClock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "host-clock";
    }

    @Override
    public boolean measuresGpuTime() {
        return false;
    }

    @Override
    public void begin() {
        start = clock.nanoTime();
    }

    @Override
    public void end() {
        end = clock.nanoTime();
    }

    @Override
    public long wallNanos() {
        return end - start;
    }

    @Override
    public long gpuNanos() {
        return -1;
    }

    @Override
    public long endNanos() {
        return end;
    }
}
