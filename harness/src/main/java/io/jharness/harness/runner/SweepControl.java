package io.jharness.harness.runner;

import io.jharness.engine.EngineException;
import java.math.BigDecimal;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs a run's points so that the run survives them: each point runs on one engine thread, under
 * a deadline ({@code --point-timeout}) and the stop flag (Ctrl-C), while the calling thread
 * watches it.
 *
 * <p>Why two mechanisms. A point that is slow but alive is stopped by the {@link StepGuard} the
 * runners check before every step: it ends at a step boundary, with its session closed and the
 * engine fit for the next point. A step that never returns (a wedged kernel, a deadlocked engine,
 * a blocking call into native code) never reaches that check, and if it ran on the calling thread
 * the harness would hang with it and write nothing. So the point runs on its own thread, and the
 * calling thread watches: a grace after the deadline (or the stop) it interrupts the engine thread,
 * which ends waits in Java code; if the step has still not returned a grace later, the point is
 * given up. The engine thread is then left where it is (a daemon thread, it does not keep the JVM
 * alive) and the engine is never touched again: no further point, and no {@code close()}, since
 * freeing a model while a step runs in it can crash the process. The caller writes what it has and
 * exits. One engine thread serves every point, so engines that keep per-thread state (a current
 * CUDA context) see one thread, as before.
 *
 * <p>Thread-safe for one caller at a time: one point runs at once.
 */
public final class SweepControl implements AutoCloseable {

    /** How one point ended. */
    public sealed interface Outcome<T> {
        /** It returned a value (for a latency run, possibly a partial one). */
        record Done<T>(T value) implements Outcome<T> {}

        /** The engine failed; the message says how. */
        record Failed<T>(String error) implements Outcome<T> {}

        /** It stopped before its end: past its deadline, or the run was asked to stop. */
        record Stopped<T>(PointStoppedException.Reason reason) implements Outcome<T> {}

        /** A step did not return even after an interrupt: the engine thread was given up. */
        record Abandoned<T>(PointStoppedException.Reason reason) implements Outcome<T> {}
    }

    /** What a point that could not be measured because of an earlier stuck step says. */
    public static final String ENGINE_STUCK = "the engine did not return from a step";

    /** What a point skipped because the run was asked to stop says. */
    public static final String INTERRUPTED = "the run was interrupted";

    private static final long MIN_GRACE_NANOS = 100_000_000L;
    private static final long MAX_GRACE_NANOS = 5_000_000_000L;
    private static final long POLL_NANOS = 50_000_000L;

    private final long timeoutNanos;
    private final StopSignal stop;
    private final long graceNanos;
    private final ExecutorService engineThread;
    private volatile Thread worker;
    private volatile boolean interrupted;
    private volatile boolean engineStuck;

    /**
     * @param timeoutNanos the longest a point may run, or 0 for no limit
     * @param stop         the run's stop flag
     */
    public SweepControl(long timeoutNanos, StopSignal stop) {
        this(timeoutNanos, stop, defaultGrace(timeoutNanos));
    }

    /**
     * @param graceNanos how long to wait for a step after the deadline before interrupting it, and
     *                   again after the interrupt before giving it up
     */
    public SweepControl(long timeoutNanos, StopSignal stop, long graceNanos) {
        if (timeoutNanos < 0 || graceNanos <= 0) {
            throw new IllegalArgumentException("timeout " + timeoutNanos + " ns, grace " + graceNanos + " ns");
        }
        this.timeoutNanos = timeoutNanos;
        this.stop = stop;
        this.graceNanos = graceNanos;
        this.engineThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jharness-engine");
            t.setDaemon(true);
            return t;
        });
    }

    /** No deadline, nobody stops it: points still run on the engine thread. */
    public static SweepControl none() {
        return new SweepControl(0, StopSignal.NEVER);
    }

    /**
     * A quarter of the timeout, between 0.1 s and 5 s: long enough for a slow step to reach its
     * boundary, short enough that a stuck one does not hold the run for long.
     */
    static long defaultGrace(long timeoutNanos) {
        return timeoutNanos == 0 ? MAX_GRACE_NANOS : Math.clamp(timeoutNanos / 4, MIN_GRACE_NANOS, MAX_GRACE_NANOS);
    }

    public long timeoutNanos() {
        return timeoutNanos;
    }

    /** {@code timed out after 30 s}: what a point that ran past its deadline records. */
    public String timeoutMessage() {
        return "timed out after " + BigDecimal.valueOf(timeoutNanos).movePointLeft(9).stripTrailingZeros().toPlainString()
                + " s";
    }

    /** Whether the stop flag stopped a point, or a point was skipped for it. */
    public boolean interrupted() {
        return interrupted;
    }

    /** Whether a step never returned: the engine must not be used or closed again. */
    public boolean engineStuck() {
        return engineStuck;
    }

    /**
     * Whether the run should stop before its next point; once it says yes, the run counts as
     * interrupted.
     */
    public boolean stopBeforePoint() {
        if (stop.stopRequested()) {
            interrupted = true;
        }
        return interrupted;
    }

    /**
     * Runs one point on the engine thread and waits for it, enforcing the deadline and the stop
     * flag. The point gets a {@link StepGuard} to check before each step.
     *
     * @throws RuntimeException what the point threw, other than an {@link EngineException} (a
     *                          user error found on the way, a bug), unchanged
     */
    public <T> Outcome<T> run(Function<StepGuard, T> point) {
        if (engineStuck) {
            throw new IllegalStateException(ENGINE_STUCK + "; no further point can run");
        }
        long start = System.nanoTime();
        Guard guard = new Guard(start + timeoutNanos);
        Future<T> future = engineThread.submit(() -> {
            worker = Thread.currentThread();
            Thread.interrupted(); // an interrupt meant for an earlier point is not this one's
            return point.apply(guard);
        });
        PointStoppedException.Reason reason = null;
        long since = 0;
        long interruptedAt = 0;
        boolean sentInterrupt = false;
        while (true) {
            try {
                return new Outcome.Done<>(future.get(POLL_NANOS, TimeUnit.NANOSECONDS));
            } catch (TimeoutException | InterruptedException e) {
                long now = System.nanoTime();
                if (reason == null) {
                    if (stop.stopRequested() || e instanceof InterruptedException) {
                        reason = PointStoppedException.Reason.STOP;
                        since = now;
                    } else if (timeoutNanos > 0 && now - guard.deadline >= 0) {
                        reason = PointStoppedException.Reason.TIMEOUT;
                        since = guard.deadline;
                    }
                }
                Thread w = worker;
                if (reason != null && !sentInterrupt && w != null && now - since >= graceNanos) {
                    w.interrupt();
                    sentInterrupt = true;
                    interruptedAt = now;
                } else if (sentInterrupt && now - interruptedAt >= graceNanos) {
                    engineStuck = true;
                    interrupted |= reason == PointStoppedException.Reason.STOP;
                    engineThread.shutdownNow();
                    return new Outcome.Abandoned<>(reason);
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof PointStoppedException p) {
                    return new Outcome.Stopped<>(p.reason());
                }
                if (sentInterrupt) {
                    // The step returned, failing, because it was interrupted: the deadline or the
                    // stop is what ended it, not the engine.
                    interrupted |= reason == PointStoppedException.Reason.STOP;
                    return new Outcome.Stopped<>(reason);
                }
                if (cause instanceof EngineException) {
                    return new Outcome.Failed<>(cause.getMessage());
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    /** Lets the engine thread go; a stuck one is left to the JVM's exit. */
    @Override
    public void close() {
        engineThread.shutdown();
    }

    /** The point's deadline and the stop flag, checked before each step. */
    private final class Guard implements StepGuard {
        final long deadline;

        Guard(long deadline) {
            this.deadline = deadline;
        }

        @Override
        public void check() {
            if (stop.stopRequested()) {
                interrupted = true;
                throw new PointStoppedException(PointStoppedException.Reason.STOP, INTERRUPTED);
            }
            if (timeoutNanos > 0 && System.nanoTime() - deadline >= 0) {
                throw new PointStoppedException(PointStoppedException.Reason.TIMEOUT, timeoutMessage());
            }
        }
    }
}
