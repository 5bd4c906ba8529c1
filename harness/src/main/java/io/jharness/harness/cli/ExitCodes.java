package io.jharness.harness.cli;

/** The harness's exit codes. */
public final class ExitCodes {

    /** Everything ran and was written. */
    public static final int OK = 0;

    /**
     * The run failed, or some sweep points failed or timed out, or were skipped because the engine
     * did not return from a step (they are recorded in the results).
     */
    public static final int FAILED = 1;

    /** Bad input: an option value, a file, a combination the engine cannot run. */
    public static final int USAGE = 2;

    /** Stopped by Ctrl-C: what was measured is written (128 + SIGINT, as shells report it). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
