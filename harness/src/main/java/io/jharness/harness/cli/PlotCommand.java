package io.jharness.harness.cli;

import io.jharness.harness.config.UsageException;
import io.jharness.harness.format.LatencyJson;
import io.jharness.harness.format.ResultsReader;
import io.jharness.harness.format.ServeSweepJson;
import io.jharness.harness.format.ThroughputJson;
import io.jharness.harness.results.RunReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code harness plot}: renders the charts again from result files. */
@Command(name = "plot", header = "Renders the charts again from result files.", sortOptions = false, mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Renders throughput_chart.png, latency_chart.png and performance_overview.png from existing result files, and gpu_telemetry.png when a telemetry.json lies beside them. With no data options it reads results/latest/."
        })
final class PlotCommand implements Callable<Integer> {

    private static final Path LATEST = Path.of("results", "latest");

    @Spec
    CommandSpec spec;

    @Option(names = "--throughput-data", paramLabel = "FILE", description = "A throughput.json.")
    Path throughputData;

    @Option(names = "--latency-data", paramLabel = "FILE", description = "A latency.json.")
    Path latencyData;

    @Option(names = "--serve-data", paramLabel = "FILE", description = "A serve_sweep.json (its points/ folder beside it).")
    Path serveData;

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Where to write the charts. Default: the directory of the first data file.")
    Path outputDir;

    @Override
    public Integer call() throws Exception {
        if (!Outputs.chartsAvailable()) {
            throw new UsageException(Outputs.NO_CHARTS);
        }
        Path throughput = throughputData;
        Path latency = latencyData;
        Path serve = serveData;
        if (throughput == null && latency == null && serve == null) {
            throughput = existing(LATEST.resolve(ThroughputJson.FILE));
            latency = existing(LATEST.resolve(LatencyJson.FILE));
            serve = existing(LATEST.resolve(ServeSweepJson.FILE));
            if (throughput == null && latency == null && serve == null) {
                throw new UsageException("nothing to plot: " + LATEST + " has no throughput.json, latency.json or "
                        + "serve_sweep.json; give --throughput-data, --latency-data or --serve-data");
            }
        }
        RunReport report = ResultsReader.report(throughput, latency, serve);
        Path first = throughput != null ? throughput : latency != null ? latency : serve;
        Path dir = outputDir != null ? outputDir : first.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new UsageException("cannot write to --output-dir " + dir + ": " + e.getMessage());
        }
        List<Path> written = Outputs.charts().write(report, dir);
        PrintWriter out = spec.commandLine().getOut();
        written.forEach(out::println);
        out.flush();
        return ExitCodes.OK;
    }

    private static Path existing(Path p) {
        return Files.isRegularFile(p) ? p : null;
    }
}
