package io.jharness.harness.cli;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineRegistry;
import io.jharness.engine.timing.HostClockStepTimer;
import io.jharness.engine.timing.StepTimer;
import io.jharness.harness.metrics.StepStats;
import io.jharness.harness.config.ThroughputConfig;
import io.jharness.harness.format.AtomicFiles;
import io.jharness.harness.format.Json;
import io.jharness.harness.format.ResultsDirectory;
import io.jharness.harness.format.TextTable;
import io.jharness.harness.progress.ProgressListener;
import io.jharness.harness.runner.ThroughputRunner;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code harness timer-cost}: what the engine's step timer (CUDA events on a GPU) costs. In one
 * process, so machine drift cancels, it alternates batch-1 throughput runs timed by the
 * engine's timer and by the host clock alone, and it times the timer around an empty step.
 */
@Command(name = "timer-cost", header = "Measures the step timer's own cost.", sortOptions = false, mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Measures the step timer's own cost: batch-1 tokens/s with the engine's timer (CUDA events on a GPU) and with the host clock only, alternated in one process for --rounds rounds, and the timer's host time around an empty step. Writes timer_cost.json."
        })
final class TimerCostCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5", converter = PositiveIntConverter.class,
            description = "Rounds, each one run with each timer (order alternates). Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--num-prompts", paramLabel = "N", defaultValue = "5", converter = PositiveIntConverter.class,
            description = "Prompts per run. Default: ${DEFAULT-VALUE}.")
    int numPrompts;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "128", converter = PositiveIntConverter.class,
            description = "Tokens per prompt. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--empty-steps", paramLabel = "N", defaultValue = "20000", converter = PositiveIntConverter.class,
            description = "Empty steps timed to measure each timer's host cost. Default: ${DEFAULT-VALUE}.")
    int emptySteps;

    @Mixin
    RunOptions run;

    @Mixin
    OutputOptions output;

    @Mixin
    EngineOptions engineOptions;

    /** One run of the alternation. */
    record Sample(int round, String timer, double tokensPerSec, double decodeP50Ms) {}

    /**
     * The outcome.
     *
     * @param engineTimer           the engine's timer ({@code cuda-events} on a GPU)
     * @param samples               every run, in the order run
     * @param medianWithTimer       median tokens/s timed by the engine's timer
     * @param medianHostOnly        median tokens/s timed by the host clock alone
     * @param differencePercent     (host-only − with timer) / host-only, in percent
     * @param timerNanosPerStep     the engine timer's host time around an empty step (mean)
     * @param hostClockNanosPerStep the host clock timer's, likewise
     */
    record TimerCost(String engineTimer, List<Sample> samples, double medianWithTimer, double medianHostOnly,
            double differencePercent, double timerNanosPerStep, double hostClockNanosPerStep) {}

    @Override
    public Integer call() throws Exception {
        var selection = engineOptions.toSelection();
        ThroughputConfig config = new ThroughputConfig(selection, List.of(1), numPrompts, maxTokens,
                run.promptLen, run.warmup, output.seed, 1, run.jitWarmup);
        EngineRegistry.Selection chosen = EngineRegistry.load().select(selection.name(), selection.model() != null);
        PrintWriter out = spec.commandLine().getOut();
        try (Engine engine = chosen.provider().create(selection.toSpec(output.seed))) {
            new ThroughputRunner(config, engine, ProgressListener.NONE).preflight();
            ResultsDirectory dir = ResultsDirectory.prepare(output.outputDir, LocalDateTime.now());
            String engineTimer;
            boolean measuresGpu;
            try (StepTimer t = engine.newStepTimer()) {
                engineTimer = t.name();
                measuresGpu = t.measuresGpuTime();
            }
            Supplier<StepTimer> hostOnly = () -> new HostClockStepTimer(engine.clock());
            List<Sample> samples = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                boolean timerFirst = r % 2 == 1;
                for (int k = 0; k < 2; k++) {
                    boolean withTimer = (k == 0) == timerFirst;
                    // The JVM warms once, in the first run; the runs after it find it warm.
                    ThroughputConfig thisRun = samples.isEmpty() ? config : config.withoutJitWarmup();
                    var point = new ThroughputRunner(thisRun, engine, ProgressListener.NONE,
                            withTimer ? engine::newStepTimer : hostOnly).run().points().get(0);
                    samples.add(new Sample(r, withTimer ? engineTimer : "host-clock only",
                            point.throughputTokensPerSec(), point.decode().wallMs().p50Ms()));
                }
            }
            double with = median(samples, engineTimer);
            double without = median(samples, "host-clock only");
            TimerCost result = new TimerCost(engineTimer, samples, with, without, 100 * (without - with) / without,
                    emptyStepNanos(engine::newStepTimer), emptyStepNanos(hostOnly));
            AtomicFiles.write(dir.path().resolve("timer_cost.json"), o -> Json.mapper().writeValue(o, result));

            TextTable table = new TextTable("round", "timer", "tok/s", "decode p50 ms").leftAlign(1);
            for (Sample s : samples) {
                table.row(Integer.toString(s.round()), s.timer(), fmt("%.1f", s.tokensPerSec()), fmt("%.3f", s.decodeP50Ms()));
            }
            out.print(table.render());
            out.println(fmt("median tok/s: %.1f with ", with) + engineTimer
                    + fmt(", %.1f with the host clock only: ", without) + fmt("%+.2f%%", -result.differencePercent()));
            out.println(fmt("host time per step: %.2f us for ", result.timerNanosPerStep() / 1e3) + engineTimer
                    + fmt(", %.2f us for the host clock", result.hostClockNanosPerStep() / 1e3));
            if (!measuresGpu) {
                out.println("note: this engine's steps are timed by the host clock alone, so both arms time the same way: "
                        + "any difference above is run-to-run noise");
            }
            out.println("results: " + dir.path().resolve("timer_cost.json"));
            out.flush();
            return ExitCodes.OK;
        }
    }

    /**
     * Mean host time of begin()+end() with nothing in between, the step recorded as a run records
     * it (device times deferred where the timer can).
     */
    private long emptyStepNanosRaw(Supplier<StepTimer> timers) {
        StepStats stats = new StepStats();
        try (StepTimer t = timers.get()) {
            t.deferGpuTimes();
            for (int i = 0; i < 1000; i++) {
                t.begin();
                t.end();
                stats.record(t);
            }
            long start = System.nanoTime();
            for (int i = 0; i < emptySteps; i++) {
                t.begin();
                t.end();
                stats.record(t);
            }
            return System.nanoTime() - start;
        }
    }

    private double emptyStepNanos(Supplier<StepTimer> timers) {
        return emptyStepNanosRaw(timers) / (double) emptySteps;
    }

    private static double median(List<Sample> samples, String timer) {
        double[] v = samples.stream().filter(s -> s.timer().equals(timer)).mapToDouble(Sample::tokensPerSec).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String fmt(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
