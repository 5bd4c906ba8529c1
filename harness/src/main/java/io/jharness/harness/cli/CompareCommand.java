package io.jharness.harness.cli;

import io.jharness.harness.charts.CompareCharts;
import io.jharness.harness.compare.CompareText;
import io.jharness.harness.compare.Comparer;
import io.jharness.harness.compare.Comparison;
import io.jharness.harness.compare.MetadataDiff;
import io.jharness.harness.compare.RunResults;
import io.jharness.harness.config.UsageException;
import io.jharness.harness.format.AtomicFiles;
import io.jharness.harness.format.Json;
import io.jharness.harness.format.ResultsDirectory;
import io.jharness.harness.format.RunJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code harness compare DIR_A DIR_B...}: did a change help, beyond the run-to-run noise? */
@Command(name = "compare", header = "Compares runs against a baseline, telling changes from noise.", sortOptions = false,
        mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Compares results directories against the first (the baseline): throughput per batch size, request latency percentiles, and per serve point output tokens/s and TTFT/ITL percentiles. Prints a side-by-side table with the change of each figure, and writes it as COMPARE.txt and compare.json, with charts, into the output directory.",
            "A change is significant only when it exceeds the run-to-run noise: the 95%% bootstrap interval of the ratio of medians over the repeats (run with --repeats 3 or more) must exclude no change.",
            "A DIR may hold round-1/, round-2/... instead of results: throughput runs of one engine and workload made in turn with the other runs (A B, A B, A B), so that a machine's drift over minutes spreads over every run. Their points pool as repeats.",
            "Runs of different workloads (model, dtype, workload kind, batch sizes, lengths, counts, rates...) are refused, one line per differing key, unless --force. Different engines, devices, commits and timers are what a comparison is for: they are shown, not refused.",
            "Exit code: 0, or 1 with --fail-on-regression when a change is a significant regression; 2 for bad input or different workloads."
        })
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "DIR", description = "Results directories (or folders of round-N/ runs); the first is the baseline.")
    List<Path> dirs;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "OUT",
            description = "Where to write COMPARE.txt, compare.json and the charts. Default: results/compare-<timestamp>.")
    Path outputDir;

    @Option(names = "--force", description = "Compare runs of different workloads anyway (the differences are listed).")
    boolean force;

    @Option(names = "--fail-on-regression", description = "Exit 1 when any change is a significant regression (a CI gate).")
    boolean failOnRegression;

    @Override
    public Integer call() throws IOException {
        List<RunResults> runs = read(dirs);
        List<String> missing = runs.stream().filter(r -> r.metadata() == null).map(r -> r.dir().toString()).toList();
        if (!missing.isEmpty() && !force) {
            throw new UsageException(String.join(", ", missing) + " has no " + RunJson.FILE
                    + ", so what it measured cannot be checked against the others; add --force to compare anyway");
        }
        MetadataDiff diff = MetadataDiff.of(runs.stream().map(RunResults::metadata).toList());
        PrintWriter err = spec.commandLine().getErr();
        if (!diff.workload().isEmpty() && !force) {
            err.println("error: the runs measured different workloads (add --force to compare them anyway):");
            String labels = String.join(" | ", runs.stream().map(RunResults::label).toList());
            for (var d : diff.workload()) {
                err.println("  " + d.key() + ": " + String.join(" | ", d.values()) + "  (" + labels + ")");
            }
            err.flush();
            return ExitCodes.USAGE;
        }
        Comparison comparison = Comparer.compare(runs, diff, force);
        if (comparison.throughput().isEmpty() && comparison.latency().isEmpty() && comparison.serve().isEmpty()) {
            throw new UsageException("the runs have no result kind in common: " + String.join("; ",
                    runs.stream().map(r -> r.dir() + " has " + files(r)).toList()));
        }
        ResultsDirectory out = ResultsDirectory.prepare(outputDir, LocalDateTime.now(), "compare-");
        String text = CompareText.render(comparison);
        List<Path> written = new ArrayList<>();
        Path json = out.path().resolve(Comparison.FILE);
        AtomicFiles.write(json, o -> Json.mapper().writeValue(o, comparison));
        written.add(json);
        Path txt = out.path().resolve(CompareText.FILE);
        AtomicFiles.write(txt, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
        written.add(txt);
        if (Outputs.chartsAvailable()) {
            written.addAll(CompareCharts.write(comparison, out.path()));
        } else {
            err.println(Outputs.NO_CHARTS);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(text);
        stdout.println("results: " + out.path() + " (" + String.join(", ",
                written.stream().map(p -> p.getFileName().toString()).toList()) + ")");
        stdout.flush();
        err.flush();
        return failOnRegression && comparison.regressions() > 0 ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /** Reads every directory; labels are the directories' names, or their paths where names repeat. */
    private static List<RunResults> read(List<Path> dirs) {
        Set<String> names = new HashSet<>();
        boolean unique = dirs.stream().allMatch(d -> names.add(name(d)));
        List<RunResults> runs = new ArrayList<>();
        for (Path d : dirs) {
            runs.add(RunResults.read(d, unique ? name(d) : d.toString()));
        }
        return runs;
    }

    private static String name(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? dir.toString() : name.toString();
    }

    private static String files(RunResults r) {
        List<String> f = new ArrayList<>();
        if (r.throughput() != null) {
            f.add("throughput.json");
        }
        if (r.latency() != null) {
            f.add("latency.json");
        }
        if (r.serve() != null) {
            f.add("serve_sweep.json");
        }
        return String.join(", ", f);
    }
}
