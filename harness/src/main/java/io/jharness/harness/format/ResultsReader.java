package io.jharness.harness.format;

import com.fasterxml.jackson.core.JacksonException;
import io.jharness.harness.config.UsageException;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.RunMetadata;
import io.jharness.harness.results.RequestRecord;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.ServeSweep;
import io.jharness.harness.results.TelemetryReport;
import io.jharness.harness.results.ThroughputResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    public static ServeSweep serve(Path file) {
        ServeSweep r = read(file, ServeSweep.class, ServeSweepJson.FILE);
        if (r.points() == null || r.points().isEmpty()) {
            throw notA(file, ServeSweepJson.FILE, "expected a list of points");
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

    public static TelemetryReport telemetry(Path file) {
        TelemetryReport r = read(file, TelemetryReport.class, TelemetryReport.FILE);
        if (r.samples() == null) {
            throw notA(file, TelemetryReport.FILE, "expected samples");
        }
        return r;
    }

    /**
     * Reads whichever of the given files exist, with the {@code run.json} and
     * {@code telemetry.json} beside the first of them when there are.
     *
     * @param throughputFile a throughput.json, or null
     * @param latencyFile    a latency.json, or null
     */
    public static RunReport report(Path throughputFile, Path latencyFile) {
        return report(throughputFile, latencyFile, null);
    }

    /**
     * Like {@link #report(Path, Path)}, with a serve_sweep.json too; the timeline chart's requests
     * come from the {@code points/} folder beside it.
     */
    public static RunReport report(Path throughputFile, Path latencyFile, Path serveFile) {
        ThroughputResult throughput = throughputFile == null ? null : throughput(throughputFile);
        LatencyResult latency = latencyFile == null ? null : latency(latencyFile);
        ServeSweep serve = serveFile == null ? null : serve(serveFile);
        List<RequestRecord> timeline = null;
        String timelinePoint = null;
        if (serve != null && serve.timelinePoint() != null) {
            timelinePoint = serve.timelinePoint().label();
            Path requests = ServePointFiles.directory(serveFile.toAbsolutePath().getParent(), timelinePoint)
                    .resolve(ServePointFiles.REQUESTS_FILE);
            if (Files.isRegularFile(requests)) {
                try {
                    timeline = ServePointFiles.readRequests(requests);
                } catch (IOException | java.io.UncheckedIOException e) {
                    throw new UsageException(requests + " is not a readable requests.jsonl: " + e.getMessage());
                }
            }
        }
        Path any = throughputFile != null ? throughputFile : latencyFile != null ? latencyFile : serveFile;
        RunMetadata metadata = null;
        TelemetryReport telemetry = null;
        if (any != null) {
            Path run = any.toAbsolutePath().resolveSibling(RunJson.FILE);
            if (Files.isRegularFile(run)) {
                metadata = metadata(run);
            }
            Path gpu = any.toAbsolutePath().resolveSibling(TelemetryReport.FILE);
            if (Files.isRegularFile(gpu)) {
                telemetry = telemetry(gpu);
            }
        }
        return new RunReport(metadata, throughput, latency, serve, timeline, timelinePoint, telemetry);
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
