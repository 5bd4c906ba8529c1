package io.jharness.harness.format;

import com.fasterxml.jackson.core.JacksonException;
import io.jharness.harness.config.UsageException;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.RunMetadata;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.ThroughputResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads result files back, for re-plotting and comparison. */
public final class ResultsReader {

    private ResultsReader() {}

    public static ThroughputResult throughput(Path file) {
        ThroughputResult r = read(file, ThroughputResult.class, ThroughputJson.FILE);
        if (r.points().isEmpty() || r.points().stream().anyMatch(p -> p.batchSize() < 1 || p.status() == null)) {
            throw notA(file, ThroughputJson.FILE, "expected an object keyed by batch size, each with batch_size and status");
        }
        return r;
    }

    public static LatencyResult latency(Path file) {
        LatencyResult r = read(file, LatencyResult.class, LatencyJson.FILE);
        if (r.numRuns() < 1 || r.batchSize() < 1 || r.maxTokens() < 1) {
            throw notA(file, LatencyJson.FILE, "expected num_runs, batch_size and max_tokens of at least 1");
        }
        return r;
    }

    private static UsageException notA(Path file, String what, String why) {
        return new UsageException(file + " is not a " + what + ": " + why);
    }

    public static RunMetadata metadata(Path file) {
        return read(file, RunMetadata.class, RunJson.FILE);
    }

    /**
     * Reads whichever of the given files exist, with the {@code run.json} beside the first of
     * them when there is one.
     *
     * @param throughputFile a throughput.json, or null
     * @param latencyFile    a latency.json, or null
     */
    public static RunReport report(Path throughputFile, Path latencyFile) {
        ThroughputResult throughput = throughputFile == null ? null : throughput(throughputFile);
        LatencyResult latency = latencyFile == null ? null : latency(latencyFile);
        Path any = throughputFile != null ? throughputFile : latencyFile;
        RunMetadata metadata = null;
        if (any != null) {
            Path run = any.toAbsolutePath().resolveSibling(RunJson.FILE);
            if (Files.isRegularFile(run)) {
                metadata = metadata(run);
            }
        }
        return new RunReport(metadata, throughput, latency);
    }

    private static <T> T read(Path file, Class<T> type, String what) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + " does not exist or is not a file");
        }
        try {
            T value = Json.mapper().readValue(file.toFile(), type);
            if (value == null) {
                throw new UsageException(file + " is empty; expected a " + what);
            }
            return value;
        } catch (JacksonException e) {
            // Jackson's messages name Java types; say where the file went wrong instead.
            var at = e.getLocation();
            throw new UsageException(file + " is not a readable " + what
                    + (at == null || at.getLineNr() < 1 ? "" : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
