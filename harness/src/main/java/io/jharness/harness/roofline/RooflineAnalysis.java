package io.jharness.harness.roofline;

import io.jharness.harness.results.PointRoofline;
import io.jharness.harness.results.RooflineCeiling;
import io.jharness.harness.results.StepTimeSummary;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Adds a roofline to each finished point of a throughput sweep: the bytes and FLOPs of its mean
 * decode step ({@link DecodeRoofline}) over its mean decode step time, against the bandwidth
 * ceilings. Runs after the sweep, on its results; the runner knows nothing of it.
 *
 * <p>A static batch of {@code n} prompts with {@code P} prompt tokens in all, {@code M} tokens
 * each, runs {@code M − 1} decode steps; step {@code t} of a sequence with prompt {@code p}
 * attends to {@code p + t} positions. So over the point: sequence-steps {@code = n × (M − 1)} =
 * generated tokens − prompts, mean context {@code C = P / n + M / 2}, and mean batch per step
 * {@code B = n × (M − 1) / decode steps} (the last batch may be partial). The step time is the
 * decode steps' GPU time over their count when they were timed on the GPU, else their wall time.
 */
public final class RooflineAnalysis {

    /** A sweep with its rooflines, and a warning for each point above the copy ceiling. */
    public record Annotated(ThroughputResult result, List<String> warnings) {

        public Annotated {
            warnings = List.copyOf(warnings);
        }
    }

    private RooflineAnalysis() {}

    /**
     * @param ceiling the run's ceilings, or null (a CPU run): then there is no MBU and no check
     */
    public static Annotated annotate(ThroughputResult sweep, ModelShape shape, RooflineCeiling ceiling) {
        List<ThroughputPoint> points = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (ThroughputPoint p : sweep.points()) {
            PointRoofline r = of(p, shape, ceiling);
            points.add(r == null ? p : p.withRoofline(r));
            if (r != null && Boolean.TRUE.equals(r.exceedsCopyCeiling())) {
                warnings.add(String.format(Locale.ROOT,
                        "warning: batch %d: its decode steps would move %,.0f GB/s, above the %,.0f GB/s copy ceiling"
                                + " measured at start-up: a measurement error (the step time is too short for the"
                                + " bytes it must read), not a result",
                        p.batchSize(), r.achievedGbPerSec(), ceiling.copyGbPerSec()));
            }
        }
        return new Annotated(new ThroughputResult(points), warnings);
    }

    /** The point's roofline, or null when it failed or ran no decode step. */
    static PointRoofline of(ThroughputPoint p, ModelShape shape, RooflineCeiling ceiling) {
        StepTimeSummary decode = p.decode();
        if (!p.ok() || decode == null || decode.steps() <= 0 || p.numPrompts() == null || p.numPrompts() <= 0
                || p.totalTokens() == null || p.promptTokens() == null) {
            return null;
        }
        double n = p.numPrompts();
        double tokensPerPrompt = p.totalTokens() / n;
        double sequenceSteps = p.totalTokens() - n;
        if (sequenceSteps <= 0) {
            return null;
        }
        double batch = sequenceSteps / decode.steps();
        double context = p.promptTokens() / n + tokensPerPrompt / 2;
        boolean gpu = decode.gpuTotalSec() != null;
        double stepSec = (gpu ? decode.gpuTotalSec() : decode.wallTotalSec()) / decode.steps();
        if (!(stepSec > 0)) {
            return null;
        }
        double bytes = DecodeRoofline.bytesPerStep(shape, batch, context);
        double flops = DecodeRoofline.flopsPerStep(shape, batch, context);
        double gbPerSec = bytes / stepSec / 1e9;
        Double datasheet = ceiling == null ? null : ceiling.datasheetGbPerSec();
        Double copy = ceiling == null ? null : ceiling.copyGbPerSec();
        return new PointRoofline(
                digits(batch),
                digits(context),
                Math.round(bytes),
                Math.round(flops),
                digits(stepSec * 1e3),
                gpu ? PointRoofline.GPU : PointRoofline.WALL,
                digits(gbPerSec),
                digits(flops / stepSec / 1e12),
                datasheet == null ? null : digits(gbPerSec / datasheet),
                copy == null ? null : digits(gbPerSec / copy),
                copy == null ? null : gbPerSec > copy);
    }

    /** {@code value} to six significant digits, so the JSON stays readable: far finer than any timing is. */
    public static double digits(double value) {
        return new BigDecimal(value).round(SIX).doubleValue();
    }

    private static final MathContext SIX = new MathContext(6, RoundingMode.HALF_EVEN);
}
