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
        return read(file, ThroughputResult.class, ThroughputJson.FILE);
    }

    public static LatencyResult latency(Path file) {
        return read(file, LatencyResult.class, LatencyJson.FILE);
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
            throw new UsageException(file + " is not a readable " + what + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
