package io.jharness.harness.cli;

import io.jharness.harness.config.LatencyConfig;
import io.jharness.harness.progress.ProgressListener;
import io.jharness.harness.runner.LatencyRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code harness latency}: request latency, TTFT, ITL and TPOT percentiles. */
@Command(name = "latency", header = "Request latency, TTFT, ITL and TPOT percentiles.", sortOptions = false, mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Request latency percentiles. Runs --num-runs requests one after the other, each a batch of --batch-size prompts generating --max-tokens tokens, and reports end-to-end latency, time to first token (TTFT), inter-token latency (ITL) and time per output token (TPOT). Writes latency.json, run.json, SUMMARY.txt and charts."
        })
final class LatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--num-runs", paramLabel = "N", defaultValue = "100", converter = PositiveIntConverter.class,
            description = "Requests measured. Default: ${DEFAULT-VALUE}.")
    int numRuns;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "50", converter = PositiveIntConverter.class,
            description = "Tokens generated per request. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1", converter = PositiveIntConverter.class,
            description = "Sequences per request. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Mixin
    RunOptions run;

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
        LatencyConfig config = new LatencyConfig(engine.toSelection(), numRuns, maxTokens, batchSize,
                run.promptLen, run.warmup, output.seed, repeat.repeats, run.jitWarmup);
        return new BenchmarkRun(spec, "latency", config.engine(), config.seed(), config.describe(), output.outputDir,
                output.quiet, sweep)
                .execute(BenchmarkRun.Workload.of(
                        e -> new LatencyRunner(config, e, ProgressListener.NONE).preflight(),
                        (e, progress, s) -> {
                            LatencyRunner.Outcome o = new LatencyRunner(config, e, progress)
                                    .run(s.control(), s.earlier() == null ? null : s.earlier().latency());
                            return new BenchmarkRun.Results(null, o.result(), null, null, null, o.error());
                        }));
    }
}
