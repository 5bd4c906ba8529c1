package io.jharness.harness.workload;

/**
 * One request of a {@link WorkloadPlan}.
 *
 * @param arrivalNanos when to send it, in nanoseconds from the start of the run; {@link #NO_ARRIVAL}
 *     ({@code -1}) in a closed-loop plan, where the serve loop sends it when an earlier one finishes
 * @param inputLen prompt tokens, at least 1
 * @param outputLen tokens to generate, at least 1
 */
public record PlannedRequest(long arrivalNanos, int inputLen, int outputLen) {

    /** {@link #arrivalNanos()} of a request without an arrival time (closed loop). */
    public static final long NO_ARRIVAL = -1;

    public PlannedRequest {
        if (arrivalNanos < 0 && arrivalNanos != NO_ARRIVAL) {
            throw new IllegalArgumentException("arrival " + arrivalNanos + " ns is not allowed; use >= 0 or NO_ARRIVAL (-1)");
        }
        if (inputLen < 1 || outputLen < 1) {
            throw new IllegalArgumentException("lengths " + inputLen + " and " + outputLen + " are not allowed; both must be >= 1");
        }
    }

    /** Whether the request has an arrival time (open loop). */
    public boolean hasArrival() {
        return arrivalNanos != NO_ARRIVAL;
    }
}
