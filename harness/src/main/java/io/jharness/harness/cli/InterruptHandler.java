package io.jharness.harness.cli;

import io.jharness.harness.runner.StopSignal;
import java.io.PrintWriter;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) during a run: the first asks the run to stop after the current step (the run
 * then writes what it measured, with its charts, and exits 130); the second is the JVM's own
 * handling again, which ends the process at once.
 *
 * <p>Why a signal handler ({@code sun.misc.Signal}, module {@code jdk.unsupported}) and not a
 * shutdown hook: once a hook runs, the JVM is already exiting; the run's thread keeps going
 * beside the hooks, so a hook would have to stop it, wait for it and write files from inside the
 * shutdown, racing AWT's and other libraries' own hooks (charts need AWT), and it could not choose
 * the exit code. A handler only sets a flag; the run stops at a step boundary on its own thread
 * and leaves through the normal path: files written, charts drawn, exit code returned to
 * {@code main}. Where the handler cannot be installed (a runtime without jdk.unsupported, a JVM
 * run with {@code -Xrs}), Ctrl-C ends the process as before, and the files written after each
 * point are still whole.
 */
final class InterruptHandler implements StopSignal, AutoCloseable {

    private static final String SIGINT = "INT";

    private final Object previous;
    private volatile boolean requested;

    private InterruptHandler(PrintWriter err, boolean install) {
        Object before = null;
        if (install) {
            try {
                before = installHandler(err);
            } catch (LinkageError | IllegalArgumentException | UnsupportedOperationException e) {
                before = null; // no handler here: Ctrl-C keeps its default meaning
            }
        }
        this.previous = before;
    }

    /** Handles Ctrl-C until {@link #close()}. */
    static InterruptHandler install(PrintWriter err) {
        return new InterruptHandler(err, true);
    }

    private Object installHandler(PrintWriter err) {
        Signal sigint = new Signal(SIGINT);
        SignalHandler[] before = new SignalHandler[1];
        before[0] = Signal.handle(sigint, signal -> {
            requested = true;
            // The next Ctrl-C is the JVM's again: it ends the process at once.
            if (before[0] != null) {
                Signal.handle(sigint, before[0]);
            }
            err.println("interrupted: stopping after the current step and writing what was measured "
                    + "(Ctrl-C again to quit at once)");
            err.flush();
        });
        return before[0];
    }

    @Override
    public boolean stopRequested() {
        return requested;
    }

    /** Gives Ctrl-C its meaning from before the run back. */
    @Override
    public void close() {
        if (previous != null) {
            try {
                Signal.handle(new Signal(SIGINT), (SignalHandler) previous);
            } catch (IllegalArgumentException e) {
                // nothing to restore
            }
        }
    }
}
