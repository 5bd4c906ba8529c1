package io.jharness.harness.cli;

import io.jharness.harness.config.ThroughputConfig;
import io.jharness.harness.progress.ProgressListener;
import io.jharness.harness.runner.ThroughputRunner;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code harness throughput}: tokens/s per batch size, with static batching. */
@Command(name = "throughput", header = "Tokens/s per batch size, static batching.", sortOptions = false, mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Tokens/s per batch size. The prompts are run in static batches of each size: a batch is prefilled together, then decoded together until every sequence has --max-tokens tokens. Writes throughput.json, run.json, SUMMARY.txt and charts."
        })
final class ThroughputCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--batch-sizes", paramLabel = "N", arity = "1..*", split = ",", defaultValue = "1,8,16,32,64",
            converter = PositiveIntConverter.class,
            description = "Batch sizes to sweep, e.g. 1 8 16 32 64. Default: 1 8 16 32 64.")
    List<Integer> batchSizes;

    @Option(names = "--num-prompts", paramLabel = "N", defaultValue = "100", converter = PositiveIntConverter.class,
            description = "Prompts run at each batch size. Default: ${DEFAULT-VALUE}.")
    int numPrompts;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "128", converter = PositiveIntConverter.class,
            description = "Tokens generated per prompt. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

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
        ThroughputConfig config = new ThroughputConfig(engine.toSelection(), batchSizes, numPrompts, maxTokens,
                run.promptLen, run.warmup, output.seed, repeat.repeats, run.jitWarmup);
        return new BenchmarkRun(spec, "throughput", config.engine(), config.seed(), config.describe(), output.outputDir,
                output.quiet, sweep)
                .execute(BenchmarkRun.Workload.of(
                        e -> new ThroughputRunner(config, e, ProgressListener.NONE).preflight(),
                        (e, progress, s) -> new BenchmarkRun.Results(new ThroughputRunner(config, e, progress).run(
                                s.control(), s.earlier() == null ? null : s.earlier().throughput(),
                                partial -> s.checkpoint().accept(new BenchmarkRun.Results(partial, null))), null)));
    }
}
