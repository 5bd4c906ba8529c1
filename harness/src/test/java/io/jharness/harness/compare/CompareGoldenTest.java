package io.jharness.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.harness.format.Json;
import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.RepeatStats;
import io.jharness.harness.results.RunMetadata;
import io.jharness.harness.results.ServeMetrics;
import io.jharness.harness.results.ServePoint;
import io.jharness.harness.results.ServeSweep;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * compare.json and COMPARE.txt against golden files in src/test/resources/golden. After an
 * intended change, regenerate with {@code -Dgolden.update=true} and review the diff.
 */
class CompareGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    private static void assertGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, actual);
        }
        assertEquals(Files.readString(file), actual, "differs from golden file " + file);
    }

    private static RepeatStats r(double... values) {
        return RepeatStats.of(values);
    }

    private static ThroughputPoint point(int batch, RepeatStats tokensPerSec) {
        double t = tokensPerSec.median();
        return new ThroughputPoint(t, 12800L, 12800 / t, 100, 128.0, batch, "ok", null, 12800L, 100, 100 / (12800 / t),
                null, null).withRepeats(tokensPerSec, 100 / (12800 / t));
    }

    private static LatencyResult latency(RepeatStats p50, RepeatStats p90, RepeatStats p95, RepeatStats p99) {
        DistributionSummary d = new DistributionSummary(100, 4, 3.9, 4, 4.1, 4.2, 4.3, 4.5, 0.1);
        return new LatencyResult(p50.median(), p50.median(), p95.median(), p99.median(), 100, p90.median(), 190, 260, 5,
                1, 50, 128, 250, d, d, d, null, null).withRepeats(new LatencyResult.Repeats(p50, p90, p95, p99));
    }

    private static ServePoint serve(String label, double rate, double outTokS, double ttftP99) {
        DistributionSummary ttft = new DistributionSummary(200, 20, 5, 15, 30, 40, ttftP99, ttftP99 * 1.2, 8);
        DistributionSummary itl = new DistributionSummary(20000, 4.2, 4, 4.1, 4.4, 4.6, 6.0, 9, 0.3);
        ServeMetrics m = new ServeMetrics(200, 0, 50, 4, outTokS, outTokS * 2, 25600, 25600, ttft, itl, itl, ttft, null, null);
        return new ServePoint(label, rate, null, "ok", null, "continuous", 1000L, m, null, null, null, null);
    }

    static List<RunResults> runs() {
        RunMetadata base = MetadataDiffTest.run("djl", "/models/gpt2-fp16.pt", "fp16",
                "0123456789abcdef0123456789abcdef01234567",
                MetadataDiffTest.config("batch_sizes", List.of(1, 8, 64), "max_tokens", 128, "repeats", 5));
        RunMetadata cand = MetadataDiffTest.run("native", "gpt2-fp16.pt", "fp16",
                "fedcba9876543210fedcba9876543210fedcba98",
                MetadataDiffTest.config("batch_sizes", List.of(1, 8, 64), "max_tokens", 128, "repeats", 5));
        RunResults a = new RunResults(Path.of("results/baseline"), "baseline", base,
                new ThroughputResult(List.of(
                        point(1, r(116.0, 117.5, 115.2, 116.4, 118.0)),
                        point(8, r(824.9, 830.1, 815.3, 828.0, 821.7)),
                        point(64, r(6307.4, 6100.2, 6420.9, 6250.0, 6380.3)))),
                latency(r(471.3, 468.0, 474.9), r(560.0, 555.2, 571.9), r(636.5, 630.1, 650.2), r(675.8, 690.1, 668.4)),
                new ServeSweep(List.of(serve("rate=4", 4.0, 512.0, 60.0)), null));
        RunResults b = new RunResults(Path.of("results/candidate"), "candidate", cand,
                new ThroughputResult(List.of(
                        point(1, r(128.3, 129.0, 127.9, 128.8, 127.5)),
                        point(8, r(801.2, 795.0, 806.3, 799.9, 803.4)),
                        ThroughputPoint.failed(64, "CUDA out of memory"))),
                latency(r(470.0, 473.2, 469.1), r(558.0, 566.0, 561.3), r(640.0, 628.8, 645.5), r(650.0, 661.2, 655.0)),
                new ServeSweep(List.of(serve("rate=4", 4.0, 530.0, 55.0)), null));
        return List.of(a, b);
    }

    static Comparison comparison() {
        List<RunResults> runs = runs();
        return Comparer.compare(runs, MetadataDiff.of(runs.stream().map(RunResults::metadata).toList()), false);
    }

    @Test
    void compareJson() throws IOException {
        String json = Json.mapper().writeValueAsString(comparison());
        assertGolden("compare.json", json);
        assertEquals(comparison(), Json.mapper().readValue(json, Comparison.class), "round trip");
    }

    @Test
    void compareText() throws IOException {
        assertGolden("COMPARE.txt", CompareText.render(comparison()));
    }

    @Test
    void verdicts() {
        Comparison c = comparison();
        // batch 1: +10% with 1% noise; batch 8: -3% with 1% noise; batch 64 failed in the candidate.
        assertEquals(List.of(Comparison.IMPROVED, Comparison.REGRESSED, Comparison.MISSING),
                c.throughput().stream().map(row -> row.changes().get(0).verdict()).toList());
        // Request p50 moved by less than its noise; p99 dropped by 3% against 1.5% noise.
        assertEquals(Comparison.NO_CHANGE, c.latency().get(0).changes().get(0).verdict());
        assertEquals(Comparison.IMPROVED, c.latency().get(3).changes().get(0).verdict());
        // Serve points measured once: a change, but no noise estimate.
        assertTrue(c.serve().stream().allMatch(row -> row.changes().get(0).verdict().equals(Comparison.NO_NOISE)));
        assertTrue(c.notes().stream().anyMatch(n -> n.startsWith("serve: no noise estimate for baseline, candidate")), c.notes()::toString);
        assertEquals(List.of("engine", "model path", "commit"),
                c.expectedDifferences().stream().map(Comparison.KeyDifference::key).toList());
    }
}
