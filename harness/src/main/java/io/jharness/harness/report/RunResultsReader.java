package io.jharness.harness.report;

import io.jharness.harness.check.CheckReport;
import io.jharness.harness.check.Checker;
import io.jharness.harness.check.Targets;
import io.jharness.harness.compare.Rounds;
import io.jharness.harness.config.UsageException;
import io.jharness.harness.format.Json;
import io.jharness.harness.format.LatencyJson;
import io.jharness.harness.format.ResultsReader;
import io.jharness.harness.format.ServeSweepJson;
import io.jharness.harness.format.ThroughputJson;
import io.jharness.harness.results.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a results directory for the report: whichever of {@code throughput.json},
 * {@code latency.json} and {@code serve_sweep.json} it has (at least one), the files beside them
 * that {@link ResultsReader#report} reads, and {@code check.json}; checks targets against it when
 * there are any.
 *
 * <p>One report often shows a throughput run, a latency run and a serve run from separate
 * directories, all against one targets file. Each directory is checked against the sections of
 * the targets file it has results for; the others are listed as not checked, rather than failed
 * as {@code harness check} (a gate on one directory) fails them.
 */
public final class RunResultsReader {

    private RunResultsReader() {}

    /**
     * @param dir         a results directory
     * @param targets     targets to check the results against, or null
     * @param targetsFile the file they came from, as the user named it (for the report)
     * @throws UsageException when {@code dir} is not a directory, holds no result file, or a file
     *                        in it cannot be read
     */
    public static RunResults read(Path dir, Targets targets, String targetsFile) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("results directory " + dir + " does not exist or is not a directory");
        }
        Path throughput = existing(dir.resolve(ThroughputJson.FILE));
        Path latency = existing(dir.resolve(LatencyJson.FILE));
        Path serve = existing(dir.resolve(ServeSweepJson.FILE));
        if (throughput == null && latency == null && serve == null) {
            if (!Rounds.find(dir).isEmpty()) {
                throw new UsageException(dir + " holds rounds (round-N/), not results: give one round, e.g. "
                        + dir.resolve("round-1") + ", or compare the rounds pooled with 'harness compare'");
            }
            throw new UsageException(dir + " is not a results directory: it has no " + ThroughputJson.FILE + ", "
                    + LatencyJson.FILE + " or " + ServeSweepJson.FILE);
        }
        RunReport report = ResultsReader.report(throughput, latency, serve);
        List<String> files = new ArrayList<>();
        for (Path p : new Path[] {throughput, latency, serve}) {
            if (p != null) {
                files.add(p.getFileName().toString());
            }
        }
        CheckReport saved = savedCheck(dir.resolve(CheckReport.FILE));
        CheckReport checked = null;
        List<String> notChecked = new ArrayList<>();
        if (targets != null) {
            Targets applicable = new Targets(
                    applies(targets.throughput().isEmpty(), throughput, "throughput", ThroughputJson.FILE, notChecked)
                            ? targets.throughput() : List.of(),
                    applies(targets.latency() == null, latency, "latency", LatencyJson.FILE, notChecked)
                            ? targets.latency() : null,
                    applies(targets.serve().isEmpty(), serve, "serve", ServeSweepJson.FILE, notChecked)
                            ? targets.serve() : List.of());
            if (applicable.count() > 0) {
                checked = CheckReport.of(targetsFile,
                        Checker.check(applicable, report.throughput(), report.latency(), report.serve()));
            }
        }
        return new RunResults(dir.toString(), report, files, saved, checked, notChecked);
    }

    /** Whether a section of targets is set and its results file is there; notes it when it is set but not there. */
    private static boolean applies(boolean unset, Path file, String section, String fileName, List<String> notChecked) {
        if (unset) {
            return false;
        }
        if (file == null) {
            notChecked.add(section + " targets: no " + fileName + " in this directory");
            return false;
        }
        return true;
    }

    private static CheckReport savedCheck(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.mapper().readValue(file.toFile(), CheckReport.class);
        } catch (IOException e) {
            throw new UsageException(file + " is not a readable " + CheckReport.FILE);
        }
    }

    private static Path existing(Path p) {
        return Files.isRegularFile(p) ? p : null;
    }
}
