package io.jharness.harness.charts;

import io.jharness.engine.EngineInfo;
import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.RunMetadata;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.StepTimeSummary;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import java.util.List;
import java.util.Map;

/** Hand-built reports shaped like a mock-engine run: a sweep over batch sizes 1 to 64 and a latency run. */
final class ChartFixtures {

    private ChartFixtures() {}

    static RunMetadata metadata(String workload, boolean simulated) {
        EngineInfo engine = new EngineInfo(
                "mock", "mock-llama-1b", "cpu", "bf16", 32_000, 64, 4096,
                simulated ? "virtual" : "wall", simulated, Map.of());
        return new RunMetadata(
                RunMetadata.SCHEMA_VERSION,
                new RunMetadata.HarnessBuild("jharness", "0.1.0-SNAPSHOT", "0123456789abcdef", false),
                "jharness " + workload + " --engine mock",
                workload,
                Map.of("engine", "mock"),
                engine,
                "host-clock",
                simulated,
                new RunMetadata.HostInfo("bench-01", "Linux", "6.8.0", "amd64", 16),
                new RunMetadata.JvmInfo("25+36", "Eclipse Adoptium", "OpenJDK 64-Bit Server VM", List.of()),
                "2025-01-01T10:00:00Z",
                "2025-01-01T10:05:00Z",
                "ok", null);
    }

    static DistributionSummary ms(long count, double p50, double p90, double p95, double p99, double max) {
        return new DistributionSummary(count, p50 * 1.01, p50 * 0.95, p50, p90, p95, p99, max, (p99 - p50) / 2);
    }

    static StepTimeSummary steps(long count, DistributionSummary wall) {
        return new StepTimeSummary(count, count * wall.meanMs() / 1000, wall, null, null, null);
    }

    /** One ok point: {@code tokensPerSec} with decode steps that take about batch / tokensPerSec. */
    static ThroughputPoint ok(int batchSize, double tokensPerSec) {
        int prompts = 256;
        int tokensPerPrompt = 128;
        long tokens = (long) prompts * tokensPerPrompt;
        double elapsed = tokens / tokensPerSec;
        int batches = (prompts + batchSize - 1) / batchSize;
        double stepMs = 1000.0 * batchSize / tokensPerSec;
        return new ThroughputPoint(
                tokensPerSec, tokens, elapsed, prompts, (double) tokensPerPrompt, batchSize,
                ThroughputPoint.OK, null, prompts * 64L, batches, prompts / elapsed,
                steps(batches, ms(batches, stepMs * 6, stepMs * 6.2, stepMs * 6.3, stepMs * 6.6, stepMs * 7)),
                steps((long) batches * (tokensPerPrompt - 1),
                        ms(batches, stepMs * 0.98, stepMs * 1.03, stepMs * 1.05, stepMs * 1.12, stepMs * 1.3)));
    }

    static ThroughputResult sweep() {
        return new ThroughputResult(List.of(ok(1, 251.4), ok(8, 1903.2), ok(16, 3712.9), ok(32, 6894.1), ok(64, 12047.6)));
    }

    /** Twelve batch sizes, 1 to 2048, up to six-figure throughput. */
    static ThroughputResult wideSweep() {
        List<ThroughputPoint> points = new java.util.ArrayList<>();
        for (int b = 1; b <= 2048; b *= 2) {
            points.add(ok(b, 251.4 * b / (1 + b / 64.0)));
        }
        return new ThroughputResult(points);
    }

    static ThroughputResult sweepWithFailure() {
        return new ThroughputResult(List.of(
                ok(1, 251.4), ok(8, 1903.2), ok(16, 3712.9), ok(32, 6894.1),
                ThroughputPoint.failed(64, "out of memory")));
    }

    static LatencyResult latency() {
        return latency(ms(30 * 8, 4.02, 4.31, 4.48, 5.07, 5.9), ms(30 * 8 * 49, 3.96, 4.08, 4.15, 4.41, 6.2));
    }

    static LatencyResult latency(DistributionSummary ttft, DistributionSummary itl) {
        return new LatencyResult(
                201.7, 199.8, 210.6, 214.9, 30, 207.9, 196.2, 221.4, 4.1, 8, 50, 128.0, 1983.4,
                ttft, itl, ms(30 * 8, 4.0, 4.1, 4.2, 4.3, 4.5),
                steps(30, ms(30, 4.0, 4.3, 4.5, 5.0, 5.8)),
                steps(30 * 49, ms(30 * 49, 3.96, 4.08, 4.15, 4.41, 6.2)));
    }

    /** A latency run that measured nothing: every figure zero, no token distributions. */
    static LatencyResult zeroLatency() {
        return new LatencyResult(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, ms(0, 0, 0, 0, 0, 0), null, null, null, null);
    }

    static RunReport throughputReport() {
        return new RunReport(metadata("throughput", true), sweep(), null);
    }

    static RunReport latencyReport() {
        return new RunReport(metadata("latency", true), null, latency());
    }

    static RunReport bothReport() {
        return new RunReport(metadata("throughput", true), sweep(), latency());
    }

    /**
     * A GPT-2-medium-shaped sweep on an H100 with its rooflines (the sweep's points, each with a
     * bandwidth that grows with the batch), the last point above the copy ceiling, and one failed.
     */
    static RunReport rooflineReport(boolean gpu) {
        double[] gbPerSec = {88.0, 720.0, 1390.0, 2410.0, 3080.0};
        List<ThroughputPoint> points = new java.util.ArrayList<>();
        List<ThroughputPoint> sweep = sweep().points();
        for (int i = 0; i < sweep.size(); i++) {
            double gb = gpu ? gbPerSec[i] : gbPerSec[i] / 30_000;
            points.add(sweep.get(i).withRoofline(new io.jharness.harness.results.PointRoofline(
                    sweep.get(i).batchSize(), 192, 727_000_000L, 727_000_000L * sweep.get(i).batchSize(), 8.0,
                    gpu ? "gpu" : "wall", gb, gb / 1000 * sweep.get(i).batchSize() / 8, gpu ? gb / 3350 : null,
                    gpu ? gb / 2950 : null, gpu ? gb > 2950 : null)));
        }
        points.add(ThroughputPoint.failed(128, "out of memory"));
        RunMetadata m = metadata("throughput", false);
        if (gpu) {
            m = m.withRooflineCeiling(
                    new io.jharness.harness.results.RooflineCeiling("NVIDIA H100 80GB HBM3", 2950.0, 1024L, 3350.0));
        }
        return new RunReport(m, new ThroughputResult(points), null);
    }
}
