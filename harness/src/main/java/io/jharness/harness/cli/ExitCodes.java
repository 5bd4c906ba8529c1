package io.jharness.harness.cli;

/** The harness's exit codes. */
public final class ExitCodes {

    /** Everything ran and was written. */
    public static final int OK = 0;

    /** The run failed, or some sweep points failed (they are recorded in the results). */
    public static final int FAILED = 1;

    /** Bad input: an option value, a file, a combination the engine cannot run. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
