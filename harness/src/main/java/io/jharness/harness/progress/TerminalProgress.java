package io.jharness.harness.progress;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr that appears only once a run has taken {@code delayNanos}, so quick
 * runs print nothing but their results.
 */
public final class TerminalProgress implements ProgressListener {

    private final PrintStream out;
    private final long delayNanos;
    private String task = "";
    private String phase = "";
    private long total;
    private long done;
    private long startNanos;
    private ProgressBar bar;

    public TerminalProgress(PrintStream out, long delayNanos) {
        this.out = out;
        this.delayNanos = delayNanos;
    }

    /** Whether a bar makes sense: the caller did not ask for quiet and stderr is a terminal. */
    public static boolean wanted(boolean quiet) {
        var console = System.console();
        return !quiet && console != null && console.isTerminal();
    }

    @Override
    public void begin(String task, long total) {
        this.task = task;
        this.total = total;
        this.startNanos = System.nanoTime();
    }

    @Override
    public void phase(String message) {
        phase = message;
        if (bar != null) {
            bar.setExtraMessage(message);
        }
    }

    @Override
    public void advance(long amount) {
        done += amount;
        if (bar == null && System.nanoTime() - startNanos >= delayNanos) {
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(out))
                    .setUpdateIntervalMillis(250)
                    .build();
            bar.setExtraMessage(phase);
        }
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
