package io.jharness.harness.cli;

import io.jharness.engine.EngineInfo;
import io.jharness.engine.cuda.CopyBandwidth;
import io.jharness.engine.cuda.CudaDriver;
import io.jharness.harness.results.RooflineCeiling;
import io.jharness.harness.roofline.DatasheetBandwidth;
import io.jharness.harness.roofline.ModelShape;
import io.jharness.harness.roofline.RooflineAnalysis;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.function.IntFunction;

/**
 * The roofline of a throughput run, around the run and not inside it: before the sweep, the
 * model's shape from its sidecar and, on a CUDA device, the bandwidth ceilings (a copy measured
 * now, the datasheet's peak); after it, each finished point's roofline. A run without a model
 * (the mock engine) gets none, silently; a model without a readable sidecar says so in one line.
 */
final class RooflineStep {

    static final RooflineStep NONE = new RooflineStep(null, null);

    private final ModelShape shape;
    private final RooflineCeiling ceiling;

    private RooflineStep(ModelShape shape, RooflineCeiling ceiling) {
        this.shape = shape;
        this.ceiling = ceiling;
    }

    /**
     * @param gpu    the engine's CUDA device index, or -1
     * @param probe  measures the ceilings of a CUDA device (tests pass their own)
     */
    static RooflineStep prepare(String workload, String model, EngineInfo engine, int gpu, PrintWriter err,
            IntFunction<RooflineCeiling> probe) {
        if (!"throughput".equals(workload) || model == null || engine.simulated()) {
            return NONE;
        }
        ModelShape shape;
        try {
            shape = ModelShape.read(Path.of(model));
        } catch (IOException | IllegalArgumentException e) {
            err.println("roofline: off: " + e.getMessage());
            return NONE;
        }
        return new RooflineStep(shape, gpu >= 0 ? probe.apply(gpu) : null);
    }

    /**
     * The ceilings of CUDA device {@code gpu}: its name, its datasheet peak, and a 1 GiB
     * device-to-device copy (best of {@link CopyBandwidth#DEFAULT_REPEATS}); what cannot be had is
     * left out, with one line on {@code err}.
     */
    static RooflineCeiling measure(int gpu, PrintWriter err) {
        String name;
        try {
            name = CudaDriver.deviceName(gpu);
        } catch (RuntimeException e) {
            err.println("roofline: no bandwidth ceilings: " + e.getMessage());
            return null;
        }
        Double copy = null;
        Long mib = null;
        try {
            CopyBandwidth.Result r = CopyBandwidth.measure(gpu, CopyBandwidth.DEFAULT_BYTES, CopyBandwidth.DEFAULT_REPEATS);
            copy = RooflineAnalysis.digits(r.gbPerSec());
            mib = r.bytes() >> 20;
        } catch (RuntimeException e) {
            err.println("roofline: no copy ceiling: the copy on cuda:" + gpu + " failed: " + e.getMessage());
        }
        OptionalDouble sheet = DatasheetBandwidth.gbPerSec(name);
        return new RooflineCeiling(name, copy, mib, sheet.isPresent() ? sheet.getAsDouble() : null);
    }

    /** The run's ceilings for run.json, or null. */
    RooflineCeiling ceiling() {
        return ceiling;
    }

    /** The results with a roofline on each finished throughput point; warns on {@code err} of any above the copy ceiling. */
    BenchmarkRun.Results apply(BenchmarkRun.Results results, PrintWriter err) {
        if (shape == null || results.throughput() == null) {
            return results;
        }
        RooflineAnalysis.Annotated a = RooflineAnalysis.annotate(results.throughput(), shape, ceiling);
        a.warnings().forEach(err::println);
        return new BenchmarkRun.Results(a.result(), results.latency(), results.serve(), results.timeline(),
                results.timelinePoint());
    }
}
