package io.jharness.harness.format;

import io.jharness.engine.EngineInfo;
import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.PointRoofline;
import io.jharness.harness.results.RooflineCeiling;
import io.jharness.harness.results.RunMetadata;
import io.jharness.harness.results.StepTimeSummary;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fixed results for golden-file tests: every field set, nothing time- or machine-dependent. */
final class SampleResults {

    private SampleResults() {}

    static DistributionSummary dist(long count, double p50) {
        return new DistributionSummary(count, p50 * 1.01, p50 * 0.9, p50, p50 * 1.05, p50 * 1.08, p50 * 1.2, p50 * 1.5, p50 * 0.05);
    }

    static StepTimeSummary steps(long n, double p50, boolean gpu) {
        return new StepTimeSummary(n, n * p50 / 1000, dist(n, p50), gpu ? n * p50 * 0.8 / 1000 : null,
                gpu ? dist(n, p50 * 0.8) : null, gpu ? dist(n, p50 * 0.2) : null);
    }

    static ThroughputResult throughput() {
        return new ThroughputResult(List.of(
                new ThroughputPoint(250.0, 12800L, 51.2, 100, 128.0, 1, "ok", null, 12800L, 100, 1.953125,
                        steps(100, 4.0, false), steps(12700, 4.0, false)),
                new ThroughputPoint(1920.0, 12800L, 6.666666666666667, 100, 128.0, 8, "ok", null, 12800L, 13, 15.0,
                        steps(13, 4.5, true), steps(1651, 4.125, true)),
                ThroughputPoint.failed(64, "simulated out of memory opening a KV cache for 64 slots (fail-at-batch=64)")));
    }

    /** The throughput sweep of a run with a model on an H100: each ok point with its roofline. */
    static ThroughputResult throughputWithRoofline() {
        var points = throughput().points();
        return new ThroughputResult(List.of(
                points.get(0).withRoofline(new PointRoofline(1.0, 192.0, 726_722_884L, 726_423_552L, 8.08,
                        PointRoofline.WALL, 89.941, 0.0899039, 0.0268480, 0.0304885, false)),
                points.get(1).withRoofline(new PointRoofline(7.81538, 192.0, 856_700_000L, 5_677_000_000L, 3.3,
                        PointRoofline.GPU, 3100.0, 1.72030, 0.925373, 1.05085, true)),
                points.get(2)));
    }

    static RooflineCeiling ceiling() {
        return new RooflineCeiling("NVIDIA H100 80GB HBM3", 2950.0, 1024L, 3350.0);
    }

    static LatencyResult latency() {
        return new LatencyResult(200.0, 199.5, 205.0, 210.0, 100, 203.0, 198.0, 215.0, 2.5, 1, 50, 128.0, 250.0,
                dist(100, 4.1), dist(4900, 4.0), dist(100, 4.02), steps(100, 4.1, false), steps(4900, 4.0, false));
    }

    static RunMetadata metadata(String workload) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("engine", "auto");
        config.put("batch_sizes", List.of(1, 8, 64));
        config.put("seed", 42);
        return new RunMetadata(
                RunMetadata.SCHEMA_VERSION,
                new RunMetadata.HarnessBuild("jharness", "0.1.0", "0123456789abcdef0123456789abcdef01234567", false),
                "harness " + workload + " --batch-sizes 1 8 64",
                workload,
                config,
                new EngineInfo("mock", "none (latency model: step=4ms,per-seq=15us,per-prompt-token=400ns,jitter=0.02)",
                        "cpu (simulated)", "n/a", 50257, 256, 4096, "virtual", true, Map.of()),
                "host-clock",
                true,
                new RunMetadata.HostInfo("ci-host", "Linux", "6.1", "amd64", 2),
                new RunMetadata.JvmInfo("25.0.1+8-LTS", "Eclipse Adoptium", "OpenJDK 64-Bit Server VM",
                        List.of("--enable-native-access=ALL-UNNAMED")),
                "2026-11-22T08:00:00Z",
                "2026-11-22T08:00:01.500Z",
                "partial", null);
    }

    /** A sweep stopped by Ctrl-C after its first point, and the point that was running. */
    static ThroughputResult interrupted() {
        return new ThroughputResult(List.of(
                throughput().points().get(0),
                ThroughputPoint.unmeasured(8, ThroughputPoint.SKIPPED, "the run was interrupted during this point"),
                ThroughputPoint.unmeasured(64, ThroughputPoint.SKIPPED, "the run was interrupted")));
    }

    /** Metadata of a run that was resumed once and then interrupted again. */
    static RunMetadata resumedMetadata() {
        RunMetadata m = metadata("throughput");
        return new RunMetadata(m.schemaVersion(), m.harness(), m.command() + " --resume results/sweep", m.workload(),
                m.config(), m.engine(), m.timer(), m.simulated(), m.host(), m.jvm(), m.startedAt(), m.finishedAt(),
                "interrupted", null, null,
                List.of(new io.jharness.harness.results.ResumeNote("2026-11-22T08:00:00Z", "interrupted",
                        "2026-11-22T07:00:00Z", List.of(), List.of("1", "8", "64"))), null);
    }
}
