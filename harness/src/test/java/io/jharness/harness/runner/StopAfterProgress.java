package io.jharness.harness.runner;

import io.jharness.harness.progress.ProgressListener;
import java.util.concurrent.atomic.AtomicBoolean;

/** A progress listener that raises a stop flag once {@code total} units of work were reported done. */
final class StopAfterProgress implements ProgressListener {

    private final long total;
    private final AtomicBoolean stop;
    private long done;

    StopAfterProgress(long total, AtomicBoolean stop) {
        this.total = total;
        this.stop = stop;
    }

    @Override
    public void begin(String task, long total) {}

    @Override
    public void phase(String message) {}

    @Override
    public void advance(long amount) {
        done += amount;
        if (done == total) {
            stop.set(true);
        }
    }

    @Override
    public void close() {}
}
