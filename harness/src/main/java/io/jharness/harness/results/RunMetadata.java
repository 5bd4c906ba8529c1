package io.jharness.harness.results;

import io.jharness.engine.EngineInfo;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to know what a result is and to run it again: the harness build, the exact
 * command, the resolved options, the engine and device, the host and JVM, and when it ran.
 *
 * @param schemaVersion version of the result files' shapes
 * @param harness       the harness build that ran
 * @param command       the command line, as typed
 * @param workload      {@code throughput} or {@code latency}
 * @param config        every option, resolved (defaults included)
 * @param engine        the engine, model, device and its versions
 * @param timer         how steps were timed: {@code host-clock} or {@code cuda-events}
 * @param simulated     true when the figures come from the mock engine's latency model
 * @param host          the machine
 * @param jvm           the Java runtime
 * @param startedAt     ISO-8601 instant the run started
 * @param finishedAt    ISO-8601 instant it ended
 * @param status        {@code ok}, {@code partial} (some points failed or were skipped), {@code failed},
 *                      {@code interrupted} (stopped by Ctrl-C) or, while the run is in progress,
 *                      {@code running}
 * @param telemetry     GPU telemetry summary (NVML) during the run, or null where none was recorded
 * @param error         why a run without points (latency) failed or stopped, or null
 * @param resumed       every {@code --resume} of this run, oldest first, or null when it never was
 * @param rooflineCeiling the bandwidth ceilings decode steps are judged against (a throughput run
 *                      with a model on a CUDA device), or null
 */
public record RunMetadata(
        int schemaVersion,
        HarnessBuild harness,
        String command,
        String workload,
        Map<String, Object> config,
        EngineInfo engine,
        String timer,
        boolean simulated,
        HostInfo host,
        JvmInfo jvm,
        String startedAt,
        String finishedAt,
        String status,
        TelemetryReport telemetry,
        String error,
        List<ResumeNote> resumed,
        RooflineCeiling rooflineCeiling) {

    public static final int SCHEMA_VERSION = 1;

    /** Run metadata without an error, never resumed, without a roofline ceiling. */
    public RunMetadata(int schemaVersion, HarnessBuild harness, String command, String workload,
            Map<String, Object> config, EngineInfo engine, String timer, boolean simulated, HostInfo host, JvmInfo jvm,
            String startedAt, String finishedAt, String status, TelemetryReport telemetry) {
        this(schemaVersion, harness, command, workload, config, engine, timer, simulated, host, jvm, startedAt,
                finishedAt, status, telemetry, null, null, null);
    }

    /** This metadata with {@code ceiling} set. */
    public RunMetadata withRooflineCeiling(RooflineCeiling ceiling) {
        return new RunMetadata(schemaVersion, harness, command, workload, config, engine, timer, simulated, host, jvm,
                startedAt, finishedAt, status, telemetry, error, resumed, ceiling);
    }

    /** The harness build: its version and the commit it was built from. */
    public record HarnessBuild(String name, String version, String gitCommit, Boolean gitDirty) {}

    /** The machine a run ran on. */
    public record HostInfo(String hostname, String osName, String osVersion, String arch, int cpus) {}

    /** The Java runtime a run ran on. */
    public record JvmInfo(String version, String vendor, String vmName, List<String> inputArguments) {}
}
