package io.jharness.harness.runner;

/**
 * Whether the user asked the run to stop (Ctrl-C). The CLI sets it from its signal handler;
 * runners only read it, between engine steps, so they never depend on how it was asked.
 */
@FunctionalInterface
public interface StopSignal {

    /** A run nobody stops. */
    StopSignal NEVER = () -> false;

    boolean stopRequested();
}
