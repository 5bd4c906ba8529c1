package io.jharness.harness.compare;

import io.jharness.harness.config.UsageException;
import io.jharness.harness.format.LatencyJson;
import io.jharness.harness.format.ResultsReader;
import io.jharness.harness.format.RunJson;
import io.jharness.harness.format.ServeSweepJson;
import io.jharness.harness.format.ThroughputJson;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.RunMetadata;
import io.jharness.harness.results.ServeSweep;
import io.jharness.harness.results.ThroughputResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One results directory as {@code harness compare} reads it: whichever of throughput.json,
 * latency.json and serve_sweep.json it has, and its run.json when there is one. A directory
 * written by another tool (e.g. {@code scripts/baseline_pytorch.py}) needs only a throughput.json
 * in our shape and a run.json with the fields it can fill. A directory of {@code round-N/}
 * folders instead is one run made in rounds ({@link Rounds}): their throughput points pool as repeats.
 *
 * @param dir        the directory, as given
 * @param label      its short name in tables and charts
 * @param metadata   its run.json, or null when it has none
 * @param throughput its throughput sweep, or null
 * @param latency    its latency run, or null
 * @param serve      its online-load sweep, or null
 */
public record RunResults(Path dir, String label, RunMetadata metadata, ThroughputResult throughput,
        LatencyResult latency, ServeSweep serve) {

    /**
     * Reads a results directory.
     *
     * @throws UsageException when it is not a directory, holds no results, or a file is unreadable
     */
    public static RunResults read(Path dir, String label) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("results directory " + dir + " does not exist or is not a directory");
        }
        Path t = dir.resolve(ThroughputJson.FILE);
        Path l = dir.resolve(LatencyJson.FILE);
        Path s = dir.resolve(ServeSweepJson.FILE);
        Path run = dir.resolve(RunJson.FILE);
        if (!Files.exists(t) && !Files.exists(l) && !Files.exists(s)) {
            List<Path> rounds = Rounds.find(dir);
            if (!rounds.isEmpty()) {
                return Rounds.pool(dir, label, rounds);
            }
            throw new UsageException(dir + " has no " + ThroughputJson.FILE + ", " + LatencyJson.FILE + ", "
                    + ServeSweepJson.FILE + " or round-N/ folders of throughput runs; give results directories");
        }
        return new RunResults(dir, label,
                Files.exists(run) ? ResultsReader.metadata(run) : null,
                Files.exists(t) ? ResultsReader.throughput(t) : null,
                Files.exists(l) ? ResultsReader.latency(l) : null,
                Files.exists(s) ? ResultsReader.serve(s) : null);
    }

}
