package io.jharness.harness.scheduler;

/**
 * What the engine session allows.
 *
 * @param slots        KV slots in the session: at most this many sequences run at once
 * @param maxSeqLen    tokens one sequence may hold
 * @param prefixSlots  the engine maps step row i to slot i (the djl engine's model contract v1),
 *                     so only static batches can run on it
 */
public record EngineLimits(int slots, int maxSeqLen, boolean prefixSlots) {}
