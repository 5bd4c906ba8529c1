package io.jharness.harness.cli;

import io.jharness.harness.check.Targets;
import io.jharness.harness.check.TargetsReader;
import io.jharness.harness.report.HtmlReportWriter;
import io.jharness.harness.report.ReportContext;
import io.jharness.harness.report.ReportDocument;
import io.jharness.harness.report.RunResults;
import io.jharness.harness.report.RunResultsReader;
import io.jharness.harness.results.RunEnvironment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code harness report RESULTS... -o FILE}: one self-contained HTML page of one or more runs. */
@Command(name = "report", header = "Writes one self-contained HTML report of one or more results directories.",
        sortOptions = false, mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "One section per results directory: what ran (engine, model, dtype, device, workload, status, SIMULATED or measured), the result tables, every chart the results support, the targets outcome (--targets, and a check.json found in the directory) and the full run metadata.",
            "The file has everything inside it (charts as data: images, its style inline) and loads nothing from the network.",
            "Exit code: 0 when the report is written, 2 for a missing or unreadable results directory, a bad targets file or an unwritable output file."
        })
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RESULTS", description = "Results directories, e.g. results/latest.")
    List<Path> results;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The HTML file to write, e.g. report.html.")
    Path output;

    @Option(names = "--targets", paramLabel = "FILE",
            description = "A targets file (YAML, as for harness check) to check every results directory against.")
    Path targetsFile;

    @Override
    public Integer call() {
        HtmlReportWriter.checkWritable(output);
        Targets targets = targetsFile == null ? null : TargetsReader.read(targetsFile);
        List<RunResults> runs = new ArrayList<>();
        for (Path dir : results) {
            runs.add(RunResultsReader.read(dir, targets, targetsFile == null ? null : targetsFile.toString()));
        }
        ReportContext context = new ReportContext(Instant.now(), RunEnvironment.harnessBuild(), Outputs.chartsAvailable());
        HtmlReportWriter.write(output, ReportDocument.html(runs, context));
        PrintWriter out = spec.commandLine().getOut();
        out.println("report: " + output);
        out.flush();
        return ExitCodes.OK;
    }
}
