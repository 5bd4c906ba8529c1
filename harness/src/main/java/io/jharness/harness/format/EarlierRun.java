package io.jharness.harness.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.jharness.harness.config.UsageException;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.RunMetadata;
import io.jharness.harness.results.ServePoint;
import io.jharness.harness.results.ServeSweep;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an earlier run left in a results directory, for {@code --resume}: its metadata and
 * whichever results it got to write. Read only after checking that it ran the same workload with
 * the same options, so its points can stand beside new ones.
 *
 * @param dir        the directory
 * @param metadata   its {@code run.json}
 * @param throughput its {@code throughput.json}, or null when it has none
 * @param latency    its {@code latency.json} when the run finished ({@code ok}), else null: a
 *                   latency run is one point, kept whole or run again
 * @param serve      its {@code serve_sweep.json}, or null when it has none
 */
public record EarlierRun(Path dir, RunMetadata metadata, ThroughputResult throughput, LatencyResult latency,
        ServeSweep serve) {

    /**
     * Reads the earlier run in {@code dir} and checks it against this one.
     *
     * @param workload this run's workload: {@code throughput}, {@code latency} or {@code serve}
     * @param config   this run's options as {@code run.json} records them
     * @param ignored  option keys that may differ (how the run is run, not what it measures)
     * @throws UsageException naming the directory and what does not match
     */
    public static EarlierRun read(Path dir, String workload, Map<String, Object> config, Set<String> ignored) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--resume " + dir + " is not a directory of results");
        }
        Path runJson = dir.resolve(RunJson.FILE);
        if (!Files.isRegularFile(runJson)) {
            throw new UsageException("--resume " + dir + " has no " + RunJson.FILE + ": nothing to resume there");
        }
        RunMetadata metadata = ResultsReader.metadata(runJson);
        if (!workload.equals(metadata.workload())) {
            throw new UsageException("--resume " + dir + " holds a " + metadata.workload() + " run, not " + workload
                    + "; it ran as: " + metadata.command());
        }
        checkSameConfig(dir, runJson, metadata, config, ignored);
        Path throughput = dir.resolve(ThroughputJson.FILE);
        Path latency = dir.resolve(LatencyJson.FILE);
        Path serve = dir.resolve(ServeSweepJson.FILE);
        return new EarlierRun(dir, metadata,
                Files.isRegularFile(throughput) ? ResultsReader.throughput(throughput) : null,
                "ok".equals(metadata.status()) && Files.isRegularFile(latency) ? ResultsReader.latency(latency) : null,
                Files.isRegularFile(serve) ? ResultsReader.serve(serve) : null);
    }

    private static void checkSameConfig(Path dir, Path runJson, RunMetadata metadata, Map<String, Object> config,
            Set<String> ignored) {
        JsonNode before;
        JsonNode now;
        try {
            before = Json.mapper().readTree(runJson.toFile()).path("config");
            // Through text, so both sides are read the same way (a long written is an int read).
            now = Json.mapper().readTree(Json.mapper().writeValueAsString(config));
        } catch (IOException e) {
            throw new UsageException("cannot read " + runJson + ": " + e.getMessage());
        }
        Set<String> keys = new LinkedHashSet<>();
        now.fieldNames().forEachRemaining(keys::add);
        before.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            if (ignored.contains(key)) {
                continue;
            }
            JsonNode a = before.get(key);
            JsonNode b = now.get(key);
            if (a == null ? b != null && !b.isNull() : !a.equals(b) && !(a.isNull() && b == null)) {
                throw new UsageException("--resume " + dir + ": option " + key + " differs: the run there has "
                        + show(a) + ", this command " + show(b) + "; resume with the options it ran with: "
                        + metadata.command());
            }
        }
    }

    private static String show(JsonNode value) {
        return value == null || value.isNull() ? "none" : value.toString();
    }

    /** Keys of the points the earlier run measured: {@code 8}, {@code rate=4}, {@code latency}. */
    public List<String> okKeys() {
        List<String> keys = new ArrayList<>();
        if (throughput != null) {
            throughput.points().stream().filter(ThroughputPoint::ok).forEach(p -> keys.add(Integer.toString(p.batchSize())));
        }
        if (serve != null) {
            serve.points().stream().filter(ServePoint::ok).forEach(p -> keys.add(p.label()));
        }
        if (latency != null) {
            keys.add("latency");
        }
        return keys;
    }
}
