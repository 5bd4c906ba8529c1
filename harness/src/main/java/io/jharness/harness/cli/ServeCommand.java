package io.jharness.harness.cli;

import io.jharness.harness.config.ServeConfig;
import io.jharness.harness.config.SloSpec;
import io.jharness.harness.config.UsageException;
import io.jharness.harness.format.ServePointFiles;
import io.jharness.harness.results.RequestRecord;
import io.jharness.harness.results.ServePoint;
import io.jharness.harness.results.ServeSweep;
import io.jharness.harness.serve.ServeRunner;
import io.jharness.harness.workload.LengthDistribution;
import io.jharness.harness.workload.Trace;
import io.jharness.harness.workload.TraceOptions;
import io.jharness.harness.workload.TraceReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code harness serve}: online load in-process, with a pluggable scheduler. */
@Command(name = "serve", header = "Online load: arrival rates, concurrency or a trace, through a scheduler.", sortOptions = false, mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Online load, in-process: requests arrive over time (Poisson, gamma or constant rates, a fixed concurrency, or a trace) and a scheduler (continuous or static batching) drives the engine. Reports TTFT, ITL, TPOT, E2E, throughput and goodput per point; latency counts from each request's scheduled arrival. Writes serve_sweep.json, points/<point>/serve.json and requests.jsonl, run.json, SUMMARY.txt and charts."
        })
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rate", paramLabel = "R", split = ",", converter = PositiveDoubleConverter.class,
            description = "Open loop: arrival rates to sweep, requests/s (e.g. 1,2,4,8,16). With --find-max-rate: the first probe.")
    List<Double> rates = new ArrayList<>();

    @Option(names = "--concurrency", paramLabel = "N", split = ",", converter = PositiveIntConverter.class,
            description = "Closed loop: requests kept in flight (e.g. 1,2,4,8).")
    List<Integer> concurrencies = new ArrayList<>();

    @Option(names = "--find-max-rate", description = "Search the highest rate that meets --slo at p99 (doubling, then bisection).")
    boolean findMaxRate;

    @Option(names = "--slo", paramLabel = "SPEC", converter = SloConverter.class,
            description = "Service-level objective for goodput and --find-max-rate: ttft=200ms,tpot=50ms (also itl=, e2e=).")
    SloSpec slo;

    @Option(names = "--arrival", paramLabel = "KIND", defaultValue = "poisson",
            description = "Arrival process: poisson, gamma or constant. Default: ${DEFAULT-VALUE}.")
    String arrival;

    @Option(names = "--burstiness", paramLabel = "SHAPE", defaultValue = "1.0",
            description = "Gamma shape for --arrival gamma: 1 is Poisson, lower is burstier. Default: ${DEFAULT-VALUE}.")
    double burstiness;

    @Option(names = "--num-requests", paramLabel = "N", defaultValue = "200", converter = PositiveIntConverter.class,
            description = "Measured requests per point. Default: ${DEFAULT-VALUE}.")
    int numRequests;

    @Option(names = "--warmup-requests", paramLabel = "N", defaultValue = "10",
            description = "Requests served first and left out of the figures. Default: ${DEFAULT-VALUE}.")
    int warmupRequests;

    @Option(names = "--input-len", paramLabel = "LEN", defaultValue = "128", converter = RunOptions.LengthConverter.class,
            description = "Prompt lengths: N, uniform:MIN,MAX, normal:MEAN,STD or exponential:MEAN. Default: ${DEFAULT-VALUE}.")
    LengthDistribution inputLen;

    @Option(names = "--output-len", paramLabel = "LEN", defaultValue = "128", converter = RunOptions.LengthConverter.class,
            description = "Output lengths, same forms. Default: ${DEFAULT-VALUE}.")
    LengthDistribution outputLen;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Replay a JSONL trace (timestamp ms, input_length, output_length per line).")
    Path trace;

    @Option(names = "--trace-time-scale", paramLabel = "X", defaultValue = "1.0",
            description = "Multiply trace times: 0.5 replays twice as fast. Default: ${DEFAULT-VALUE}.")
    double traceTimeScale;

    @Option(names = "--trace-limit", paramLabel = "N", defaultValue = "0",
            description = "Replay only the first N requests of the trace (0: all).")
    int traceLimit;

    @Option(names = "--skip-malformed", description = "Skip malformed trace lines (reported) instead of stopping.")
    boolean skipMalformed;

    @Option(names = "--scheduler", paramLabel = "NAME", defaultValue = "continuous",
            description = "continuous (admit into free slots every step) or static (batches of --max-batch). Default: ${DEFAULT-VALUE}.")
    String scheduler;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "64", converter = PositiveIntConverter.class,
            description = "KV slots of the engine session: sequences that can run at once. Default: ${DEFAULT-VALUE}.")
    int slots;

    @Option(names = "--max-batch", paramLabel = "N", converter = PositiveIntConverter.class,
            description = "continuous: running sequences at most (default: all slots); static: the batch size (default 8).")
    Integer maxBatch;

    @Option(names = "--max-tokens-per-step", paramLabel = "N", converter = PositiveIntConverter.class,
            description = "continuous: prompt tokens one prefill step may admit.")
    Integer maxTokensPerStep;

    @Option(names = "--policy", paramLabel = "POLICY",
            description = "continuous: prefill-first (default) or decode-first.")
    String policy;

    @Option(names = "--batch-timeout", paramLabel = "TIME",
            description = "static: how long the oldest request waits for a full batch (default 100ms).")
    String batchTimeout;

    @Option(names = "--scheduler-opt", paramLabel = "KEY=VALUE", description = "Any scheduler option; repeatable.")
    Map<String, String> schedulerOpts = new LinkedHashMap<>();

    @Option(names = "--steady-state", paramLabel = "FROM,TO",
            description = "Also report the requests arriving in this fraction of the run, e.g. 0.1,0.9 (no ramp-up, no drain).")
    String steadyState;

    @Option(names = "--no-token-times", negatable = false,
            description = "Leave each token's time out of requests.jsonl (smaller files for long runs).")
    boolean noTokenTimes;

    @Mixin
    RepeatOptions repeat;

    @Mixin
    OutputOptions output;

    @Mixin
    EngineOptions engine;

    @Mixin
    SweepOptions sweep;

    @Override
    public Integer call() throws Exception {
        Map<String, String> options = new LinkedHashMap<>(schedulerOpts);
        putIf(options, "max-batch", maxBatch);
        putIf(options, "max-tokens-per-step", maxTokensPerStep);
        putIf(options, "policy", policy);
        putIf(options, "batch-timeout", batchTimeout);
        TraceOptions traceOptions;
        try {
            traceOptions = new TraceOptions(traceTimeScale, traceLimit, skipMalformed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ServeConfig config = new ServeConfig(engine.toSelection(), scheduler, options, slots, rates, concurrencies,
                findMaxRate, arrival, burstiness, numRequests, warmupRequests, inputLen, outputLen, trace,
                traceOptions, slo, steadyState == null ? null : fractions(steadyState), !noTokenTimes, output.seed,
                repeat.repeats);
        Trace replay = readTrace(config);
        if (replay != null && replay.skipped() > 0) {
            spec.commandLine().getErr().println(replay.skippedSummary());
        }
        return new BenchmarkRun(spec, "serve", config.engine(), output.seed, config.describe(), output.outputDir,
                output.quiet, sweep)
                .execute(new BenchmarkRun.Workload() {
                    @Override
                    public void preflight(io.jharness.engine.Engine e) {
                        new ServeRunner(config, e, replay, io.jharness.harness.progress.ProgressListener.NONE,
                                (p, r) -> {}).preflight();
                    }

                    @Override
                    public BenchmarkRun.Results run(io.jharness.engine.Engine e,
                            io.jharness.harness.progress.ProgressListener progress, Path dir, BenchmarkRun.Sweep s) {
                        ServeSweep sweep = new ServeRunner(config, e, replay, progress, (point, requests) -> {
                            try {
                                ServePointFiles.write(dir, point, requests, config.tokenTimes());
                            } catch (IOException x) {
                                throw new UncheckedIOException(x);
                            }
                        }).run(s.control(), s.earlier() == null ? null : s.earlier().serve(),
                                partial -> s.checkpoint().accept(new BenchmarkRun.Results(null, null, partial, null, null)));
                        ServePoint shown = sweep.timelinePoint();
                        List<RequestRecord> timeline = null;
                        if (shown != null) {
                            try {
                                timeline = ServePointFiles.readRequests(ServePointFiles.directory(dir, shown.label())
                                        .resolve(ServePointFiles.REQUESTS_FILE));
                            } catch (IOException x) {
                                throw new UncheckedIOException(x);
                            }
                        }
                        return new BenchmarkRun.Results(null, null, sweep, timeline, shown == null ? null : shown.label());
                    }
                });
    }

    private static Trace readTrace(ServeConfig config) {
        if (config.trace() == null) {
            return null;
        }
        try {
            return TraceReader.read(config.trace(), config.traceOptions());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("cannot read --trace " + config.trace() + ": " + e.getMessage());
        }
    }

    private static void putIf(Map<String, String> options, String key, Object value) {
        if (value != null) {
            options.put(key, value.toString());
        }
    }

    private static double[] fractions(String text) {
        String[] parts = text.split(",");
        try {
            if (parts.length == 2) {
                return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--steady-state '" + text + "' is not allowed; give two fractions FROM,TO, e.g. 0.1,0.9");
    }

    static final class PositiveDoubleConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                double v = Double.parseDouble(value.trim());
                if (v > 0 && !Double.isInfinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + value + "' is not allowed; give a number above zero");
        }
    }

    static final class SloConverter implements ITypeConverter<SloSpec> {
        @Override
        public SloSpec convert(String value) {
            try {
                return SloSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
