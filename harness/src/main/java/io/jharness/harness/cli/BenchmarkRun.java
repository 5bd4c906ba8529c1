package io.jharness.harness.cli;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineRegistry;
import io.jharness.harness.config.EngineSelection;
import io.jharness.engine.nvml.Telemetry;
import io.jharness.engine.nvml.TelemetrySampler;
import io.jharness.harness.format.AtomicFiles;
import io.jharness.harness.format.Json;
import io.jharness.harness.format.ResultsDirectory;
import io.jharness.harness.results.TelemetryReport;
import io.jharness.harness.format.SummaryTables;
import io.jharness.harness.progress.ProgressListener;
import io.jharness.harness.progress.TerminalProgress;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.RequestRecord;
import io.jharness.harness.results.ServeSweep;
import io.jharness.harness.results.RunEnvironment;
import io.jharness.harness.results.RunMetadata;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.ThroughputResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every benchmark command does around its workload: pick and load the engine, prepare the
 * results directory, check the workload against the engine, run it, write every output, print
 * the table, and turn the outcome into an exit code.
 */
final class BenchmarkRun {

    /** A workload, bound to its config; the runner never sees picocli. */
    interface Workload {
        /** Checks the workload against the engine's limits before anything runs. */
        void preflight(Engine engine);

        /**
         * Runs it; returns the report's results (metadata is filled in afterwards).
         *
         * @param dir where the run's files go, for workloads that write as they go
         */
        Results run(Engine engine, ProgressListener progress, Path dir);

        static Workload of(Consumer<Engine> preflight, BiFunction<Engine, ProgressListener, Results> run) {
            return new Workload() {
                @Override
                public void preflight(Engine engine) {
                    preflight.accept(engine);
                }

                @Override
                public Results run(Engine engine, ProgressListener progress, Path dir) {
                    return run.apply(engine, progress);
                }
            };
        }
    }

    /** A workload's results: one of throughput, latency and serve is set. */
    record Results(ThroughputResult throughput, LatencyResult latency, ServeSweep serve, List<RequestRecord> timeline,
            String timelinePoint) {

        Results(ThroughputResult throughput, LatencyResult latency) {
            this(throughput, latency, null, null, null);
        }

        long points() {
            return throughput != null ? throughput.points().size() : serve != null ? serve.points().size() : 1;
        }

        long failedPoints() {
            if (throughput != null) {
                return throughput.points().stream().filter(p -> !p.ok()).count();
            }
            return serve != null ? serve.points().stream().filter(p -> !p.ok()).count() : 0;
        }

        String status() {
            long failed = failedPoints();
            return failed == 0 ? "ok" : failed == points() ? "failed" : "partial";
        }
    }

    private final CommandSpec spec;
    private final String workload;
    private final EngineSelection selection;
    private final long seed;
    private final Map<String, Object> config;
    private final Path outputDir;
    private final boolean quiet;

    /**
     * @param outputDir {@code --output-dir}, or null for {@code results/<timestamp>}
     * @param quiet     no progress bar
     */
    BenchmarkRun(CommandSpec spec, String workload, EngineSelection selection, long seed,
            Map<String, Object> config, Path outputDir, boolean quiet) {
        this.spec = spec;
        this.workload = workload;
        this.selection = selection;
        this.seed = seed;
        this.config = config;
        this.outputDir = outputDir;
        this.quiet = quiet;
    }

    int execute(Workload work) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EngineRegistry.Selection chosen = EngineRegistry.load().select(selection.name(), selection.model() != null);
        try (Engine engine = create(chosen)) {
            work.preflight(engine);
            // Said once the run is known to go ahead, so a rejected run prints just its error.
            if (chosen.note() != null) {
                err.println(chosen.note());
                err.flush();
            }
            ResultsDirectory dir = ResultsDirectory.prepare(outputDir, LocalDateTime.now());
            String started = Instant.now().toString();
            int gpu = cudaDevice(engine.info().device());
            long telemetryStart = System.nanoTime();
            RooflineStep roofline = RooflineStep.prepare(workload, selection.model(), engine.info(), gpu, err,
                    device -> RooflineStep.measure(device, err));
            TelemetrySampler sampler = gpu >= 0 ? TelemetrySampler.start(gpu) : null;
            Results results;
            try (ProgressListener progress = TerminalProgress.wanted(quiet)
                    ? new TerminalProgress(System.err, 2_000_000_000L)
                    : ProgressListener.NONE) {
                results = roofline.apply(work.run(engine, progress, dir.path()), err);
            } catch (RuntimeException e) {
                if (sampler != null) {
                    sampler.close();
                }
                dir.removeIfEmpty();
                throw e;
            }
            TelemetryReport telemetry = null;
            if (sampler != null) {
                Telemetry t = sampler.stop();
                sampler.close();
                if (t.available()) {
                    telemetry = TelemetryReport.of(t, telemetryStart);
                    TelemetryReport full = telemetry;
                    AtomicFiles.write(dir.path().resolve(TelemetryReport.FILE), o -> Json.mapper().writeValue(o, full));
                } else {
                    err.println("telemetry: off: " + t.unavailableReason());
                }
            } else if (!engine.info().simulated()) {
                err.println("telemetry: off: the engine runs on " + engine.info().device() + ", not a CUDA device");
            }
            RunMetadata metadata = new RunMetadata(
                    RunMetadata.SCHEMA_VERSION,
                    RunEnvironment.harnessBuild(),
                    CommandLines.of(spec),
                    workload,
                    config,
                    engine.info(),
                    timerName(engine),
                    engine.info().simulated(),
                    RunEnvironment.host(),
                    RunEnvironment.jvm(),
                    started,
                    Instant.now().toString(),
                    results.status(),
                    telemetry == null ? null : telemetry.summary(),
                    roofline.ceiling());
            RunReport report = new RunReport(metadata, results.throughput(), results.latency(), results.serve(),
                    results.timeline(), results.timelinePoint(), telemetry);
            List<Path> written = Outputs.all().write(report, dir.path());
            dir.linkLatest();
            if (!Outputs.chartsAvailable()) {
                err.println(Outputs.NO_CHARTS);
            }

            out.println(report.label());
            out.print(results.throughput() != null
                    ? SummaryTables.throughput(results.throughput()) + SummaryTables.roofline(results.throughput(),
                            roofline.ceiling())
                    : results.serve() != null ? SummaryTables.serve(results.serve())
                    : SummaryTables.latency(results.latency()));
            out.println("results: " + dir.path() + " (" + written.stream()
                    .map(p -> p.getFileName().toString())
                    .reduce((a, b) -> a + ", " + b).orElse("") + ")");
            out.flush();
            if (!results.status().equals("ok")) {
                String file = results.throughput() != null ? "throughput.json" : "serve_sweep.json";
                err.println("error: " + results.failedPoints() + " of " + results.points()
                        + " points failed; their errors are in " + dir.path().resolve(file));
                return ExitCodes.FAILED;
            }
            return ExitCodes.OK;
        }
    }

    /** The CUDA device index of an engine's device ({@code cuda:N ...}), or -1. */
    static int cudaDevice(String device) {
        var m = java.util.regex.Pattern.compile("^cuda:(\\d+)").matcher(device == null ? "" : device);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private Engine create(EngineRegistry.Selection chosen) {
        try {
            return chosen.provider().create(selection.toSpec(seed));
        } catch (EngineConfigException e) {
            if (chosen.note() == null) {
                throw e;
            }
            throw new EngineConfigException(e.getMessage() + " (--engine auto chose '" + chosen.provider().name()
                    + "': no GPU engine is usable here; see 'harness engines')");
        }
    }

    private static String timerName(Engine engine) {
        try (var timer = engine.newStepTimer()) {
            return timer.name();
        }
    }
}
