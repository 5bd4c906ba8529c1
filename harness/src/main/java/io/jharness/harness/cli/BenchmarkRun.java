package io.jharness.harness.cli;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineInfo;
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
import io.jharness.engine.timing.Durations;
import io.jharness.harness.config.UsageException;
import io.jharness.harness.format.EarlierRun;
import io.jharness.harness.format.ResultsReader;
import io.jharness.harness.format.ResultsWriter;
import io.jharness.harness.format.RunJson;
import io.jharness.harness.results.ResumeNote;
import io.jharness.harness.results.RooflineCeiling;
import io.jharness.harness.runner.PointSweep;
import io.jharness.harness.runner.SweepControl;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every benchmark command does around its workload: pick and load the engine, prepare the
 * results directory, check the workload against the engine, run it, write every output, print
 * the table, and turn the outcome into an exit code.
 *
 * <p>It also makes runs survive their points: the points run under a {@link SweepControl}
 * ({@code --point-timeout}, Ctrl-C through {@link InterruptHandler}), the data files are rewritten
 * after every point (run.json saying {@code running}), and {@code --resume DIR} finishes a run that
 * did not.
 */
final class BenchmarkRun {

    /** A workload, bound to its config; the runner never sees picocli. */
    interface Workload {
        /** Checks the workload against the engine's limits before anything runs. */
        void preflight(Engine engine);

        /**
         * Runs it; returns the report's results (metadata is filled in afterwards).
         *
         * @param dir   where the run's files go, for workloads that write as they go
         * @param sweep how its points are run, what an earlier run left, and where to save progress
         */
        Results run(Engine engine, ProgressListener progress, Path dir, Sweep sweep);

        static Workload of(Consumer<Engine> preflight, Runner run) {
            return new Workload() {
                @Override
                public void preflight(Engine engine) {
                    preflight.accept(engine);
                }

                @Override
                public Results run(Engine engine, ProgressListener progress, Path dir, Sweep sweep) {
                    return run.run(engine, progress, sweep);
                }
            };
        }

        /** A workload's run, for {@link #of}. */
        @FunctionalInterface
        interface Runner {
            Results run(Engine engine, ProgressListener progress, Sweep sweep);
        }
    }

    /**
     * What a workload's sweep loop needs from the run around it.
     *
     * @param control    runs each point under the deadline and the stop flag
     * @param earlier    the earlier run of {@code --resume}, or null
     * @param checkpoint saves the results so far (call it after each point)
     */
    record Sweep(SweepControl control, EarlierRun earlier, Consumer<Results> checkpoint) {}

    /**
     * A workload's results: one of throughput, latency and serve is set (none, when a latency run
     * stopped before its first request completed).
     *
     * @param error why a run without points (latency) did not finish, or null
     */
    record Results(ThroughputResult throughput, LatencyResult latency, ServeSweep serve, List<RequestRecord> timeline,
            String timelinePoint, String error) {

        Results(ThroughputResult throughput, LatencyResult latency) {
            this(throughput, latency, null, null, null, null);
        }

        Results(ThroughputResult throughput, LatencyResult latency, ServeSweep serve, List<RequestRecord> timeline,
                String timelinePoint) {
            this(throughput, latency, serve, timeline, timelinePoint, null);
        }

        /** Each point's key and status, in order: {@code 8 -> ok}; a latency run is one point. */
        Map<String, String> pointStatuses() {
            Map<String, String> m = new LinkedHashMap<>();
            if (throughput != null) {
                throughput.points().forEach(p -> m.put(Integer.toString(p.batchSize()), p.status()));
            } else if (serve != null) {
                serve.points().forEach(p -> m.put(p.label(), p.status()));
            } else {
                m.put("latency", error == null ? "ok" : "failed");
            }
            return m;
        }

        long skippedPoints() {
            return pointStatuses().values().stream().filter(PointSweep.SKIPPED::equals).count();
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
            if (throughput == null && serve == null) {
                return error == null ? "ok" : "failed";
            }
            long failed = failedPoints();
            return failed == 0 ? "ok" : failed == points() ? "failed" : "partial";
        }
    }

    /** Option keys that say how a run is run, not what it measures: they may change on --resume. */
    static final Set<String> RUN_CONTROL_KEYS = Set.of("point_timeout");

    private final CommandSpec spec;
    private final String workload;
    private final EngineSelection selection;
    private final long seed;
    private final Map<String, Object> config;
    private final Path outputDir;
    /** The run's roofline ceilings, once measured (a throughput run with a model on a CUDA device). */
    private RooflineCeiling rooflineCeiling;
    private final boolean quiet;
    private final SweepOptions sweepOptions;

    /**
     * @param outputDir {@code --output-dir}, or null for {@code results/<timestamp>}
     * @param quiet     no progress bar
     * @param sweep     {@code --point-timeout} and {@code --resume}
     */
    BenchmarkRun(CommandSpec spec, String workload, EngineSelection selection, long seed,
            Map<String, Object> config, Path outputDir, boolean quiet, SweepOptions sweep) {
        this.spec = spec;
        this.workload = workload;
        this.selection = selection;
        this.seed = seed;
        this.config = new LinkedHashMap<>(config);
        if (sweep.pointTimeoutNanos != null) {
            this.config.put("point_timeout", Durations.format(sweep.pointTimeoutNanos));
        }
        this.outputDir = outputDir;
        this.quiet = quiet;
        this.sweepOptions = sweep;
    }

    int execute(Workload work) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        // The earlier run is checked before the engine loads: a mismatch costs no model load.
        EarlierRun earlier = sweepOptions.resume == null ? null
                : EarlierRun.read(sweepOptions.resume, workload, config, RUN_CONTROL_KEYS);
        Path target = outputDir;
        if (earlier != null) {
            if (outputDir != null && !outputDir.toAbsolutePath().normalize().equals(
                    earlier.dir().toAbsolutePath().normalize())) {
                throw new UsageException("--resume " + earlier.dir() + " writes its results there; drop --output-dir "
                        + outputDir);
            }
            target = earlier.dir();
        }
        EngineRegistry.Selection chosen = EngineRegistry.load().select(selection.name(), selection.model() != null);
        Engine engine = create(chosen);
        boolean engineStuck = false;
        try {
            work.preflight(engine);
            // Said once the run is known to go ahead, so a rejected run prints just its error.
            if (chosen.note() != null) {
                err.println(chosen.note());
                err.flush();
            }
            ResultsDirectory dir = ResultsDirectory.prepare(target, LocalDateTime.now());
            try (InterruptHandler stop = InterruptHandler.install(err);
                    SweepControl control = new SweepControl(sweepOptions.timeoutNanos(), stop)) {
                int code = run(work, engine, dir, earlier, control);
                engineStuck = control.engineStuck();
                return code;
            }
        } finally {
            // A step that never returned may still be running in the engine: freeing the model
            // under it can crash the process, so a stuck engine is left to the JVM's exit.
            if (!engineStuck) {
                engine.close();
            }
        }
    }

    private int run(Workload work, Engine engine, ResultsDirectory dir, EarlierRun earlier, SweepControl control)
            throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String started = Instant.now().toString();
        String timer = timerName(engine);
        int gpu = EngineInfo.cudaDeviceIndex(engine.info().device());
        long telemetryStart = System.nanoTime();
        RooflineStep roofline = RooflineStep.prepare(workload, selection.model(), engine.info(), gpu, err,
                device -> RooflineStep.measure(device, err));
        rooflineCeiling = roofline.ceiling();
        TelemetrySampler sampler = gpu >= 0 ? TelemetrySampler.start(gpu) : null;
        boolean[] checkpointed = {false};
        Consumer<Results> checkpoint = partial -> {
            RunReport report = report(metadata(engine, timer, started, null, "running", null, partial, earlier),
                    partial, null);
            try {
                new ResultsWriter(ResultsWriter.dataFormats()).write(report, dir.path());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            checkpointed[0] = true;
        };
        Results results;
        try (ProgressListener progress = TerminalProgress.wanted(quiet)
                ? new TerminalProgress(System.err, 2_000_000_000L)
                : ProgressListener.NONE) {
            results = roofline.apply(work.run(engine, progress, dir.path(), new Sweep(control, earlier, checkpoint)), err);
        } catch (RuntimeException e) {
            if (sampler != null) {
                sampler.close();
            }
            if (checkpointed[0]) {
                markFailed(dir.path(), e);
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
        boolean interrupted = control.interrupted();
        String status = interrupted ? "interrupted" : results.status();
        RunReport report = report(metadata(engine, timer, started, Instant.now().toString(), status,
                telemetry, results, earlier), results, telemetry);
        List<Path> written = new java.util.ArrayList<>(Outputs.all().write(report, dir.path()));
        written.addAll(ResultAttachments.write(spec, dir.path()));
        dir.linkLatest();
        if (!Outputs.chartsAvailable()) {
            err.println(Outputs.NO_CHARTS);
        }

        out.println(report.label());
        if (results.throughput() != null) {
            out.print(SummaryTables.throughput(results.throughput())
                    + SummaryTables.roofline(results.throughput(), rooflineCeiling));
        } else if (results.serve() != null) {
            out.print(SummaryTables.serve(results.serve()));
        } else if (results.latency() != null) {
            out.print(SummaryTables.latency(results.latency()));
        }
        out.println("results: " + dir.path() + " (" + written.stream()
                .map(p -> p.getFileName().toString())
                .reduce((a, b) -> a + ", " + b).orElse("") + ")");
        out.flush();
        String file = results.throughput() != null ? "throughput.json" : results.serve() != null ? "serve_sweep.json"
                : "latency.json";
        if (interrupted) {
            long measured = results.pointStatuses().values().stream().filter("ok"::equals).count();
            err.println("interrupted: " + (results.throughput() == null && results.serve() == null
                    ? (results.latency() == null ? "no request completed"
                            : results.latency().numRuns() + " requests completed")
                    : measured + " of " + results.points() + " points measured")
                    + "; results so far in " + dir.path() + " (finish with --resume " + dir.path() + ")");
            return ExitCodes.INTERRUPTED;
        }
        if (results.error() != null) {
            err.println("error: the " + workload + " run " + results.error()
                    + (results.latency() == null ? "" : "; the " + results.latency().numRuns()
                            + " requests that completed are in " + dir.path().resolve(file)));
            return ExitCodes.FAILED;
        }
        if (!status.equals("ok")) {
            long skipped = results.skippedPoints();
            long failed = results.failedPoints() - skipped;
            err.println("error: " + failed + " of " + results.points() + " points failed"
                    + (skipped == 0 ? "" : " and " + skipped + " were skipped (" + SweepControl.ENGINE_STUCK + ")")
                    + "; their errors are in " + dir.path().resolve(file));
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private RunMetadata metadata(Engine engine, String timer, String started, String finished, String status,
            TelemetryReport telemetry, Results results, EarlierRun earlier) {
        List<ResumeNote> resumed = null;
        if (earlier != null) {
            resumed = new ArrayList<>();
            if (earlier.metadata().resumed() != null) {
                resumed.addAll(earlier.metadata().resumed());
            }
            List<String> okBefore = earlier.okKeys();
            List<String> kept = new ArrayList<>();
            List<String> rerun = new ArrayList<>();
            for (var p : results.pointStatuses().entrySet()) {
                (okBefore.contains(p.getKey()) ? kept : rerun).add(p.getKey());
            }
            resumed.add(new ResumeNote(started, earlier.metadata().status(), earlier.metadata().startedAt(), kept, rerun));
        }
        return new RunMetadata(
                RunMetadata.SCHEMA_VERSION,
                RunEnvironment.harnessBuild(),
                CommandLines.of(spec),
                workload,
                config,
                engine.info(),
                timer,
                engine.info().simulated(),
                RunEnvironment.host(),
                RunEnvironment.jvm(),
                started,
                finished,
                status,
                telemetry == null ? null : telemetry.summary(),
                results.error(),
                resumed,
                rooflineCeiling);
    }

    private static RunReport report(RunMetadata metadata, Results results, TelemetryReport telemetry) {
        return new RunReport(metadata, results.throughput(), results.latency(), results.serve(),
                results.timeline(), results.timelinePoint(), telemetry);
    }

    /** After a crash mid-run, run.json says so instead of {@code running}; best effort. */
    private static void markFailed(Path dir, RuntimeException cause) {
        Path runJson = dir.resolve(RunJson.FILE);
        try {
            RunMetadata m = ResultsReader.metadata(runJson);
            RunMetadata failed = new RunMetadata(m.schemaVersion(), m.harness(), m.command(), m.workload(), m.config(),
                    m.engine(), m.timer(), m.simulated(), m.host(), m.jvm(), m.startedAt(), Instant.now().toString(),
                    "failed", m.telemetry(), String.valueOf(cause.getMessage()), m.resumed(), m.rooflineCeiling());
            AtomicFiles.write(runJson, o -> Json.mapper().writeValue(o, failed));
        } catch (IOException | RuntimeException e) {
            // the points written so far stand; run.json keeps saying running
        }
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
