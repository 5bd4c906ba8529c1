package io.jharness.harness.cli;

import io.jharness.harness.check.CheckReport;
import io.jharness.harness.check.CheckTable;
import io.jharness.harness.check.Checker;
import io.jharness.harness.check.Targets;
import io.jharness.harness.check.TargetsReader;
import io.jharness.harness.config.UsageException;
import io.jharness.harness.format.AtomicFiles;
import io.jharness.harness.format.Json;
import io.jharness.harness.format.LatencyJson;
import io.jharness.harness.format.ResultsReader;
import io.jharness.harness.format.ServeSweepJson;
import io.jharness.harness.format.ThroughputJson;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.ServeSweep;
import io.jharness.harness.results.ThroughputResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code harness check RESULTS --targets FILE}: performance targets as a CI gate. */
@Command(name = "check", header = "Checks a results directory against performance targets (a CI gate).", sortOptions = false,
        mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Evaluates every target of a targets file (see models/targets.example.yaml) against the throughput.json, latency.json and serve_sweep.json in RESULTS, prints each target's measured value, bound and margin, and writes check.json into RESULTS.",
            "A target whose figure is not in the results (a batch size or point not run, or failed) is not met.",
            "Exit code: 0 when every target is met, 1 when any is not, 2 for a bad targets file or unreadable results."
        })
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS", description = "A results directory, e.g. results/latest.")
    Path results;

    @Option(names = "--targets", paramLabel = "FILE", required = true, description = "The targets file (YAML).")
    Path targetsFile;

    @Override
    public Integer call() {
        Targets targets = TargetsReader.read(targetsFile);
        if (!Files.isDirectory(results)) {
            throw new UsageException("results directory " + results + " does not exist or is not a directory");
        }
        Path throughputFile = results.resolve(ThroughputJson.FILE);
        Path latencyFile = results.resolve(LatencyJson.FILE);
        Path serveFile = results.resolve(ServeSweepJson.FILE);
        boolean hasThroughput = Files.exists(throughputFile);
        boolean hasLatency = Files.exists(latencyFile);
        boolean hasServe = Files.exists(serveFile);
        if (!hasThroughput && !hasLatency && !hasServe) {
            throw new UsageException(results + " has no " + ThroughputJson.FILE + ", " + LatencyJson.FILE + " or "
                    + ServeSweepJson.FILE + "; give a results directory");
        }
        ThroughputResult throughput = hasThroughput ? ResultsReader.throughput(throughputFile) : null;
        LatencyResult latency = hasLatency ? ResultsReader.latency(latencyFile) : null;
        ServeSweep serve = hasServe ? ResultsReader.serve(serveFile) : null;

        CheckReport report = CheckReport.of(targetsFile.toString(), Checker.check(targets, throughput, latency, serve));
        PrintWriter out = spec.commandLine().getOut();
        out.print(CheckTable.render(report));
        out.flush();
        Path run = results.resolve(io.jharness.harness.format.RunJson.FILE);
        if (Files.isRegularFile(run) && ResultsReader.metadata(run).simulated()) {
            // A gate that passes on a latency model proves nothing about an engine: say so.
            PrintWriter err = spec.commandLine().getErr();
            err.println("note: these results are SIMULATED (mock engine, " + ResultsReader.metadata(run).engine().clock()
                    + " clock): they check the harness, not an engine");
            err.flush();
        }
        Path json = results.resolve(CheckReport.FILE);
        try {
            AtomicFiles.write(json, o -> Json.mapper().writeValue(o, report));
        } catch (IOException | RuntimeException e) {
            // The verdict stands without the file; say so, but do not change the exit code.
            PrintWriter err = spec.commandLine().getErr();
            err.println("warning: could not write " + json + ": " + e.getMessage());
            err.flush();
        }
        return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
