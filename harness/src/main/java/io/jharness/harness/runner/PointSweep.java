package io.jharness.harness.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The loop every sweep shares: for each point, reuse it when an earlier run of the same
 * workload measured it ({@code --resume}), skip it when the run was stopped or the engine is
 * stuck, else measure it under the {@link SweepControl}; record how it ended, and hand the points
 * so far to a checkpoint, so a run killed later still leaves them on disk.
 *
 * @param <P> the sweep's point type
 */
public final class PointSweep<P> {

    /** Makes a point that carries no figures: {@code (status, error) -> point}. */
    @FunctionalInterface
    public interface Unmeasured<P> {
        P of(String status, String error);
    }

    /** A point's status when it ran and failed (the engine failed, or it timed out). */
    public static final String FAILED = "failed";

    /** A point's status when it never ran to its end: the run was stopped, or the engine is stuck. */
    public static final String SKIPPED = "skipped";

    private final SweepControl control;
    private final Map<String, P> reusable;
    private final Consumer<List<P>> checkpoint;
    private final List<P> points = new ArrayList<>();
    private final List<String> reused = new ArrayList<>();

    /**
     * @param reusable   points an earlier run measured, by key, that need not run again
     * @param checkpoint hears every point so far, after each point
     */
    public PointSweep(SweepControl control, Map<String, P> reusable, Consumer<List<P>> checkpoint) {
        this.control = control;
        this.reusable = Map.copyOf(reusable);
        this.checkpoint = checkpoint;
    }

    /**
     * Runs (or reuses, or skips) one point and records it.
     *
     * @param key        the point's key as results files name it: {@code 8}, {@code rate=4}
     * @param measure    measures it on the engine thread, checking the guard before every step
     * @param unmeasured makes the point's record when it has no figures
     * @return the point recorded
     */
    public P point(String key, Function<StepGuard, P> measure, Unmeasured<P> unmeasured) {
        P point;
        P earlier = reusable.get(key);
        if (earlier != null) {
            point = earlier;
            reused.add(key);
        } else if (control.engineStuck()) {
            point = unmeasured.of(SKIPPED, SweepControl.ENGINE_STUCK);
        } else if (control.stopBeforePoint()) {
            point = unmeasured.of(SKIPPED, SweepControl.INTERRUPTED);
        } else {
            point = switch (control.run(measure)) {
                case SweepControl.Outcome.Done<P> d -> d.value();
                case SweepControl.Outcome.Failed<P> f -> unmeasured.of(FAILED, f.error());
                case SweepControl.Outcome.Stopped<P> s -> stopped(s.reason(), unmeasured, "");
                case SweepControl.Outcome.Abandoned<P> a ->
                        stopped(a.reason(), unmeasured, "; " + SweepControl.ENGINE_STUCK);
            };
        }
        points.add(point);
        checkpoint.accept(List.copyOf(points));
        return point;
    }

    private P stopped(PointStoppedException.Reason reason, Unmeasured<P> unmeasured, String suffix) {
        return reason == PointStoppedException.Reason.TIMEOUT
                ? unmeasured.of(FAILED, control.timeoutMessage() + suffix)
                : unmeasured.of(SKIPPED, SweepControl.INTERRUPTED + " during this point" + suffix);
    }

    /** Whether no further point will be measured: the run was stopped or the engine is stuck. */
    public boolean over() {
        return control.interrupted() || control.engineStuck();
    }

    /** Every point recorded, in order. */
    public List<P> points() {
        return List.copyOf(points);
    }

    /** Keys of the points taken from the earlier run. */
    public List<String> reused() {
        return List.copyOf(reused);
    }

    /** A sweep that reuses nothing and keeps no checkpoint. */
    public static <P> PointSweep<P> of(SweepControl control) {
        return new PointSweep<>(control, Map.of(), p -> {});
    }
}
