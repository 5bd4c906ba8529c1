package io.jharness.harness.progress;

/** Hears how far a run has got. Runners call it between batches, never inside a step. */
public interface ProgressListener extends AutoCloseable {

    ProgressListener NONE = new ProgressListener() {
        @Override
        public void begin(String task, long total) {}

        @Override
        public void phase(String message) {}

        @Override
        public void advance(long amount) {}

        @Override
        public void close() {}
    };

    /** Starts a run of {@code total} units (prompts or requests). */
    void begin(String task, long total);

    /** Names what is running now, e.g. {@code batch 16}. */
    void phase(String message);

    /** {@code amount} more units are done. */
    void advance(long amount);

    @Override
    void close();
}
