package io.jharness.engine;

import io.jharness.engine.timing.HostClockStepTimer;
import io.jharness.engine.timing.NanoClock;
import io.jharness.engine.timing.StepTimer;

/**
 * A loaded engine: the model's weights are resident, nothing per-sequence is allocated yet.
 * {@link #open} allocates the KV cache for a number of sequence slots; one engine serves many
 * sessions, one after the other, so a sweep loads the model once.
 *
 * <p>Engines own native memory and must be closed.
 */
public interface Engine extends AutoCloseable {

    EngineInfo info();

    /**
     * Allocates the KV cache for {@code maxBatch} slots of up to {@code maxSeqLen} tokens each.
     *
     * @throws EngineConfigException when the request is beyond this engine's limits
     * @throws EngineException       when the allocation fails (out of memory, for example)
     */
    EngineSession open(int maxBatch, int maxSeqLen);

    /**
     * The clock the harness times this engine's steps on. Real engines use the host's monotonic
     * clock; the mock engine's virtual clock advances by its latency model instead of sleeping.
     */
    default NanoClock clock() {
        return NanoClock.SYSTEM;
    }

    /**
     * A new timer for this engine's steps. Engines that run on a GPU return one that records
     * device events on the stream the work runs on; the default times steps on {@link #clock()}.
     */
    default StepTimer newStepTimer() {
        return new HostClockStepTimer(clock());
    }

    @Override
    void close();
}
