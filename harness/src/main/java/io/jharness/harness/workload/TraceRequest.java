package io.jharness.harness.workload;

import java.util.Arrays;

/**
 * One request of a replayed trace.
 *
 * @param arrivalNanos nanoseconds after the trace's earliest request, already scaled by
 *     {@link TraceOptions#timeScale()}
 * @param inputLen prompt tokens, at least 1
 * @param outputLen tokens to generate, at least 1
 * @param hashIds the trace's {@code hash_ids} (ids of the prompt's blocks; equal ids mean equal block
 *     contents), empty when the line had none; copied in, and the accessor returns a copy
 */
public record TraceRequest(long arrivalNanos, int inputLen, int outputLen, int[] hashIds) {

    public TraceRequest {
        hashIds = hashIds == null ? new int[0] : hashIds.clone();
    }

    @Override
    public int[] hashIds() {
        return hashIds.clone();
    }

    /** How many hash ids the request has, without copying them. */
    public int hashIdCount() {
        return hashIds.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceRequest r && arrivalNanos == r.arrivalNanos && inputLen == r.inputLen
                && outputLen == r.outputLen && Arrays.equals(hashIds, r.hashIds);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Long.hashCode(arrivalNanos) + inputLen) + outputLen) + Arrays.hashCode(hashIds);
    }

    @Override
    public String toString() {
        return "TraceRequest[arrivalNanos=" + arrivalNanos + ", inputLen=" + inputLen + ", outputLen=" + outputLen
                + ", hashIds=" + Arrays.toString(hashIds) + "]";
    }
}
