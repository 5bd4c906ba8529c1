package io.jharness.harness.scheduler;

/**
 * One request of an online-load run, with everything that happens to it. The serve loop owns
 * and updates it; schedulers only read it. Times are nanoseconds on the engine's clock, from the
 * start of the run.
 */
public final class ServeRequest {

    /** Where a request is in its life. */
    public enum Status { PENDING, WAITING, RUNNING, DONE, FAILED }

    private final int id;
    private long arrivalNanos;
    private final int[] prompt;
    private final int outputLen;
    private final boolean warmup;
    private final long[] tokenNanos;

    private Status status = Status.PENDING;
    private int slot = -1;
    private int generated;
    private int lastToken;
    private long admittedNanos = -1;
    private long prefillGpuNanos = -1;
    private String error;

    /**
     * @param id           position in the workload
     * @param arrivalNanos scheduled arrival: latency is measured from here (no coordinated omission);
     *                     -1 for a closed-loop request, scheduled when an earlier one finishes
     * @param prompt       the prompt's token ids
     * @param outputLen    tokens to generate (EOS is ignored)
     * @param warmup       a warm-up request: served like the others, left out of the results
     */
    public ServeRequest(int id, long arrivalNanos, int[] prompt, int outputLen, boolean warmup) {
        if (outputLen < 1) {
            throw new IllegalArgumentException("output length must be >= 1, got " + outputLen);
        }
        this.id = id;
        this.arrivalNanos = arrivalNanos;
        this.prompt = prompt;
        this.outputLen = outputLen;
        this.warmup = warmup;
        this.tokenNanos = new long[outputLen];
    }

    public int id() {
        return id;
    }

    public long arrivalNanos() {
        return arrivalNanos;
    }

    public int[] prompt() {
        return prompt;
    }

    public int inputLen() {
        return prompt.length;
    }

    public int outputLen() {
        return outputLen;
    }

    public boolean warmup() {
        return warmup;
    }

    public Status status() {
        return status;
    }

    /** The KV slot while running, else -1. */
    public int slot() {
        return slot;
    }

    /** Tokens generated so far. */
    public int generated() {
        return generated;
    }

    public int lastToken() {
        return lastToken;
    }

    /** When its prefill step started, or -1. */
    public long admittedNanos() {
        return admittedNanos;
    }

    /** When its i-th token (0-based) was on the host. */
    public long tokenNanos(int i) {
        return tokenNanos[i];
    }

    /** Device time of its prefill step, or -1 when not measured. */
    public long prefillGpuNanos() {
        return prefillGpuNanos;
    }

    public String error() {
        return error;
    }

    /** Tokens still to generate. */
    public int remaining() {
        return outputLen - generated;
    }

    // ---- state changes, made by the serve loop only ----

    /**
     * Sets the arrival of a closed-loop request (created with arrival -1): it arrives when an
     * earlier one finishes.
     */
    public void scheduleAt(long nanos) {
        arrivalNanos = nanos;
    }

    public void arrive() {
        status = Status.WAITING;
    }

    public void admit(int slot, long nanos) {
        this.slot = slot;
        this.admittedNanos = nanos;
        this.status = Status.RUNNING;
    }

    /** Records a generated token and when it was on the host. */
    public void token(int token, long nanos) {
        tokenNanos[generated++] = nanos;
        lastToken = token;
        if (generated == outputLen) {
            status = Status.DONE;
        }
    }

    public void prefillGpu(long nanos) {
        prefillGpuNanos = nanos;
    }

    public void release() {
        slot = -1;
    }

    public void fail(String why) {
        status = Status.FAILED;
        error = why;
        slot = -1;
    }
}
