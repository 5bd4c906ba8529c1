package io.jharness.harness.runner;

/** Thrown between engine steps when a point ran past its deadline or the run was asked to stop. */
public final class PointStoppedException extends RuntimeException {

    /** Why a point stopped before its end. */
    public enum Reason {
        /** It ran longer than {@code --point-timeout}. */
        TIMEOUT,
        /** The user asked the run to stop (Ctrl-C). */
        STOP
    }

    private final Reason reason;

    public PointStoppedException(Reason reason, String message) {
        super(message, null, false, false); // an expected outcome: no stack trace to fill
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
