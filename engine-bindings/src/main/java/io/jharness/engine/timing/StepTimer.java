package io.jharness.engine.timing;

/**
 * Times engine steps. The harness calls {@link #begin()} before it hands a step to the engine and
 * {@link #end()} once the step's tokens are back on the host, then reads the step's times.
 *
 * <p>Every step has a wall time (host clock, or the engine's virtual clock). Timers that record
 * device events also report the device's own time for the step; the difference is host overhead
 * and launch gaps. Implementations must not allocate per step.
 */
public interface StepTimer extends AutoCloseable {

    /** {@code host-clock} or {@code cuda-events}: written into run metadata. */
    String name();

    /** Whether {@link #gpuNanos()} is measured. */
    boolean measuresGpuTime();

    /** Marks the start of a step, before any of its work is enqueued. */
    void begin();

    /** Marks the end of a step whose outputs are already on the host. */
    void end();

    /** Wall time of the last completed step, in nanoseconds. */
    long wallNanos();

    /** Device time of the last completed step in nanoseconds, or -1 when not measured. */
    long gpuNanos();

    /** The clock reading at the last {@link #end()}: when the step's tokens were on the host. */
    long endNanos();

    @Override
    default void close() {}
}
