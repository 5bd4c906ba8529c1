package io.jharness.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.harness.format.Json;
import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.LatencyResult;
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

/** Evaluating targets against hand-built results, and the printed table against a golden file. */
class CheckerTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static DistributionSummary dist(double p50, double p99) {
        return new DistributionSummary(100, p50, p50 * 0.9, p50, p50 * 1.1, p50 * 1.2, p99, p99 * 1.1, 1.0);
    }

    static ThroughputPoint ok(int batch, double tokensPerSec) {
        return new ThroughputPoint(tokensPerSec, 12800L, 12800 / tokensPerSec, 100, 128.0, batch, "ok", null,
                12800L, 100, 1.0, null, null);
    }

    static ThroughputResult throughput() {
        return new ThroughputResult(List.of(ok(8, 1867.4), ok(16, 650.0), ok(32, 1000.0),
                ThroughputPoint.failed(64, "simulated out of memory")));
    }

    static LatencyResult latency() {
        return new LatencyResult(28.0, 27.5, 49.0, 75.0, 100, 40.0, 20.0, 90.0, 5.0, 1, 50, 128.0, 1800.0,
                dist(4.1, 6.0), dist(0.5, 0.9), null, null, null);
    }

    static ServeMetrics metrics(double ttftP99, Double goodput) {
        return new ServeMetrics(200, 0, 25.0, 7.9, 1011.2, 2022.4, 25600, 25280, dist(40, ttftP99), dist(4, 6),
                dist(4, 8), dist(500, 800), null,
                goodput == null ? null : new ServeMetrics.Goodput("ttft=200ms", 7.9 * goodput, goodput));
    }

    static ServeSweep serve() {
        return new ServeSweep(List.of(
                new ServePoint("rate=4", 4.0, null, "ok", null, "continuous", 1000L, metrics(90, 1.0), null, null, null, null),
                new ServePoint("rate=8", 8.0, null, "ok", null, "continuous", 1000L, metrics(180, 0.85), null, null, null, null),
                ServePoint.failed("rate=16", 16.0, null, "continuous", "simulated failure"),
                new ServePoint("concurrency=4", null, 4, "ok", null, "continuous", 1000L, metrics(300, null), null, null, null, null)),
                null);
    }

    static Targets targets() {
        return TargetsReader.parse("""
                throughput:
                  - batch_size: 8
                    min_tokens_per_sec: 400
                  - batch_size: 16
                    min_tokens_per_sec: 700
                  - batch_size: 32
                    min_tokens_per_sec: 1000
                  - batch_size: 64
                    min_tokens_per_sec: 1200
                  - batch_size: 128
                    min_tokens_per_sec: 1200
                latency:
                  p50_ms: {max: 30}
                  p99_ms: {max: 70}
                  p99_ttft_ms: {max: 10}
                  p99_tpot_ms: {max: 10}
                serve:
                  - rate: 8
                    p99_ttft_ms: {max: 200}
                    min_goodput_fraction: 0.9
                    min_requests_per_sec: 7.5
                  - rate: 16
                    p99_ttft_ms: {max: 200}
                  - rate: 32
                    p99_e2e_ms: {max: 2000}
                  - concurrency: 4
                    p99_ttft_ms: {max: 250}
                    min_goodput_fraction: 0.5
                """, "targets.yaml");
    }

    private static TargetCheck find(List<TargetCheck> checks, String target) {
        return checks.stream().filter(c -> c.target().equals(target)).findFirst().orElseThrow(() -> new AssertionError(target));
    }

    @Test
    void evaluatesEveryTargetInOrder() {
        List<TargetCheck> checks = Checker.check(targets(), throughput(), latency(), serve());
        assertEquals(targets().count(), checks.size());
        assertEquals("throughput batch=8 tok/s", checks.getFirst().target());
        assertEquals("serve concurrency=4 goodput fraction", checks.getLast().target());
    }

    @Test
    void aMetMinimumHasAPositiveMargin() {
        TargetCheck c = find(Checker.check(targets(), throughput(), latency(), serve()), "throughput batch=8 tok/s");
        assertTrue(c.met());
        assertEquals(1867.4, c.measured());
        assertEquals(1467.4, c.margin(), 1e-9);
        assertEquals(366.85, c.marginPercent(), 1e-9);
        assertNull(c.note());
    }

    @Test
    void aMissedMinimumAndAMissedMaximumFail() {
        List<TargetCheck> checks = Checker.check(targets(), throughput(), latency(), serve());
        TargetCheck tput = find(checks, "throughput batch=16 tok/s");
        assertFalse(tput.met());
        assertEquals(-50.0, tput.margin(), 1e-9);
        TargetCheck p99 = find(checks, "latency p99 ms");
        assertFalse(p99.met());
        assertEquals(-5.0, p99.margin(), 1e-9);
        assertTrue(find(checks, "latency p50 ms").met());
        assertEquals(2.5, find(checks, "latency p50 ms").margin(), 1e-9);
    }

    @Test
    void aValueExactlyAtTheBoundMeetsIt() {
        TargetCheck c = find(Checker.check(targets(), throughput(), latency(), serve()), "throughput batch=32 tok/s");
        assertTrue(c.met());
        assertEquals(0.0, c.margin());
    }

    @Test
    void missingDataFailsAsNotMeasured() {
        List<TargetCheck> checks = Checker.check(targets(), throughput(), latency(), serve());
        TargetCheck absent = find(checks, "throughput batch=128 tok/s");
        assertFalse(absent.met());
        assertNull(absent.measured());
        assertEquals("batch 128 not in the run", absent.note());
        assertEquals("batch 64 failed", find(checks, "throughput batch=64 tok/s").note());
        assertEquals("not in the results", find(checks, "latency tpot p99 ms").note());
        assertEquals("no point rate=32 in the run", find(checks, "serve rate=32 e2e p99 ms").note());
        assertEquals("point rate=16 failed", find(checks, "serve rate=16 ttft p99 ms").note());
        assertEquals("run without --slo", find(checks, "serve concurrency=4 goodput fraction").note());
    }

    @Test
    void aMissingResultsFileFailsEveryTargetOfItsSection() {
        List<TargetCheck> checks = Checker.check(targets(), null, null, null);
        assertTrue(checks.stream().noneMatch(TargetCheck::met));
        assertEquals("no throughput.json", find(checks, "throughput batch=8 tok/s").note());
        assertEquals("no latency.json", find(checks, "latency p50 ms").note());
        assertEquals("no serve_sweep.json", find(checks, "serve rate=8 ttft p99 ms").note());
    }

    @Test
    void servePointsMatchByRateOrConcurrency() {
        List<TargetCheck> checks = Checker.check(targets(), throughput(), latency(), serve());
        assertEquals(180.0, find(checks, "serve rate=8 ttft p99 ms").measured(), "rate=8, not rate=4");
        assertTrue(find(checks, "serve rate=8 ttft p99 ms").met());
        assertEquals(0.85, find(checks, "serve rate=8 goodput fraction").measured());
        assertFalse(find(checks, "serve rate=8 goodput fraction").met());
        assertEquals(7.9, find(checks, "serve rate=8 req/s").measured());
        assertEquals(300.0, find(checks, "serve concurrency=4 ttft p99 ms").measured(), "the closed-loop point");
        assertFalse(find(checks, "serve concurrency=4 ttft p99 ms").met());
    }

    @Test
    void theReportCountsAndRoundTripsAsJson() throws IOException {
        CheckReport report = CheckReport.of("targets.yaml", Checker.check(targets(), throughput(), latency(), serve()));
        assertEquals(report.checks().stream().filter(TargetCheck::met).count(), report.met());
        assertFalse(report.passed());
        String json = Json.mapper().writeValueAsString(report);
        assertEquals(report, Json.mapper().readValue(json, CheckReport.class));
    }

    @Test
    void printedTable() throws IOException {
        CheckReport report = CheckReport.of("targets.yaml", Checker.check(targets(), throughput(), latency(), serve()));
        String actual = CheckTable.render(report);
        Path file = GOLDEN.resolve("check.txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual);
        }
        assertEquals(Files.readString(file), actual, "differs from golden file " + file);
    }
}
