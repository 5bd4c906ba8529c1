package io.jharness.harness.cli;

import io.jharness.harness.scenario.ResolvedScenario;
import io.jharness.harness.scenario.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code harness run FILE [OPTIONS...]}: runs the workload a scenario file describes, as if its
 * keys had been typed as options, and saves the resolved scenario with the results.
 */
@Command(name = "run", header = "Runs a scenario file: a workload and its options in YAML.", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Runs the workload a YAML scenario file describes. 'workload:' picks the command (throughput, latency or serve); every other key is one of its long options without the dashes, e.g. 'batch-sizes: [1, 8, 16]', 'prompt-len: uniform:32,128', 'engine-opt: {fail-at-batch: 16}', 'quiet: true'. Values are checked as on the command line; an error names the key, its line and column.",
            "Options after the file override the file's keys (a list or map option given there replaces the file's value whole).",
            "The results directory gets scenario.yaml: every option of the workload, defaults included; 'harness run <results>/scenario.yaml' runs the same again. Examples: models/scenarios/."
        })
final class RunCommand implements Callable<Integer> {

    /** The commands a scenario can run. */
    static final List<String> WORKLOADS = List.of("throughput", "latency", "serve");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The scenario file (YAML).")
    Path file;

    @Parameters(index = "1..*", paramLabel = "OPTION",
            description = "Options of the workload's command; they win over the file's keys, e.g. --batch-sizes 1 8.")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Supplier<CommandLine> fresh = () -> HarnessCli.commandLine(out, err);
        Scenario scenario = Scenario.read(file, fresh, WORKLOADS).withOverrides(overrides, fresh);
        List<String> args = scenario.arguments();
        String resolved = ResolvedScenario.of(fresh.get(), args, file.toString());

        // The workload runs on a command line of its own, exactly as if its options were typed;
        // its check failures that name a key of the file get the key's line.
        CommandLine workload = fresh.get();
        HarnessCli root = workload.getCommand();
        root.attachments.add(ResolvedScenario.FILE, resolved);
        IExecutionExceptionHandler errors = workload.getExecutionExceptionHandler();
        workload.setExecutionExceptionHandler((ex, cl, parsed) -> errors.handleExecutionException(scenario.locate(ex), cl, parsed));
        return workload.execute(args.toArray(String[]::new));
    }
}
