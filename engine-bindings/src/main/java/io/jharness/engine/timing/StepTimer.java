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

    /**
     * Device time of the last completed step in nanoseconds; -1 when not measured; {@link #PENDING}
     * when this timer defers device times ({@link #deferGpuTimes()}) and will send it to the sink
     * given to {@link #sendGpuTimeTo(GpuTimeSink)}.
     */
    long gpuNanos();

    /** {@link #gpuNanos()} of a step whose device time arrives later. */
    long PENDING = -2;

    /**
     * Asks the timer to report device times a few steps late, when reading them at once would make
     * the host wait for the device (a CUDA event's round trip, several microseconds a step). After
     * this, {@link #gpuNanos()} may return {@link #PENDING}, and the caller must then name where the
     * time goes with {@link #sendGpuTimeTo(GpuTimeSink)}; every pending time is delivered by
     * {@link #flush()} or {@link #close()} at the latest. Returns whether the timer defers.
     */
    default boolean deferGpuTimes() {
        return false;
    }

    /** Where the device time of the step that just ended goes, when {@link #gpuNanos()} was {@link #PENDING}. */
    default void sendGpuTimeTo(GpuTimeSink sink) {}

    /** Delivers every pending device time now (waits for the device if it must). */
    default void flush() {}

    /** The clock reading at the last {@link #end()}: when the step's tokens were on the host. */
    long endNanos();

    @Override
    default void close() {}
}
