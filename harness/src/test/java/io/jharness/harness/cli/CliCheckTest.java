package io.jharness.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harness check} through {@link HarnessCli#execute}, against real results: a mock
 * throughput sweep and latency run on the virtual clock (about 1,870 tok/s at batch 8 up to
 * 10,000 at 64; request latency p50 about 200 ms).
 */
class CliCheckTest {

    private static final Path EXAMPLE = Path.of("..", "models", "targets.example.yaml");

    @TempDir
    static Path tmp;

    static Path results;

    @BeforeAll
    static void mockRun() {
        results = tmp.resolve("results");
        for (String[] args : List.of(
                new String[] {"throughput", "--engine", "mock", "--mock-clock", "virtual", "-q", "--output-dir", results.toString()},
                new String[] {"latency", "--engine", "mock", "--mock-clock", "virtual", "-q", "--num-runs", "20",
                    "--output-dir", results.toString()})) {
            Cli.Result r = Cli.run(args);
            assertEquals(ExitCodes.OK, r.exit(), r::describe);
        }
    }

    private static Path targets(String name, String yaml) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void theExampleTargetsPassThroughputAndFailLatency() {
        Cli.Result r = Cli.run("check", results.toString(), "--targets", EXAMPLE.toString());
        assertEquals(ExitCodes.FAILED, r.exit(), r::describe);
        // The mock's results are simulated, and the gate says so in one line.
        assertEquals(1, r.err().lines().count(), r::describe);
        assertTrue(r.err().startsWith("note: these results are SIMULATED"), r::describe);
        List<String> lines = r.outLines();
        assertTrue(lines.getFirst().startsWith("target"), r::describe);
        assertEquals("4 of 7 targets met", lines.getLast(), r::describe);
        for (int batch : List.of(8, 16, 32, 64)) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("throughput batch=" + batch + " tok/s") && l.endsWith("  ok")),
                    r::describe);
        }
        for (String p : List.of("p50", "p95", "p99")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("latency " + p + " ms") && l.endsWith("  FAIL")), r::describe);
        }
        JsonNode json = Cli.json(results.resolve("check.json"));
        assertEquals(4, json.path("met").asInt());
        assertEquals(7, json.path("total").asInt());
        assertFalse(json.path("passed").asBoolean());
        assertEquals(7, json.path("checks").size());
        assertEquals(List.of(), Cli.dotFiles(results), "no temporary file left behind");
    }

    @Test
    void allTargetsMetExitsZero() throws IOException {
        Path t = targets("ok.yaml", """
                throughput:
                  - batch_size: 8
                    min_tokens_per_sec: 400
                latency:
                  p99_ms: {max: 1000}
                """);
        Cli.Result r = Cli.run("check", results.toString(), "--targets", t.toString());
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        assertEquals("2 of 2 targets met", r.outLines().getLast(), r::describe);
        assertTrue(Cli.json(results.resolve("check.json")).path("passed").asBoolean());
    }

    @Test
    void aTargetWithNoDataFails() throws IOException {
        Path t = targets("missing.yaml", """
                throughput:
                  - batch_size: 128
                    min_tokens_per_sec: 1
                serve:
                  - rate: 8
                    p99_ttft_ms: {max: 200}
                """);
        Cli.Result r = Cli.run("check", results.toString(), "--targets", t.toString());
        assertEquals(ExitCodes.FAILED, r.exit(), r::describe);
        assertTrue(r.out().contains("FAIL: not measured (batch 128 not in the run)"), r::describe);
        assertTrue(r.out().contains("FAIL: not measured (no serve_sweep.json)"), r::describe);
        assertEquals("0 of 2 targets met", r.outLines().getLast(), r::describe);
    }

    @Test
    void aBadTargetsFileIsOneLineAndExitTwo() throws IOException {
        Path t = targets("bad.yaml", """
                throughput:
                  - batch_size: 8
                    min_tokens_per_sec: fast
                """);
        Cli.Result r = Cli.run("check", results.toString(), "--targets", t.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertEquals(List.of("error: " + t + " line 3: 'min_tokens_per_sec' must be a number"), r.errLines(), r::describe);
        assertEquals("", r.out(), r::describe);
        Cli.assertNoStackTrace(r.err(), r.describe());
    }

    @Test
    void missingOrUnreadableResultsExitTwo() throws IOException {
        Cli.Result none = Cli.run("check", tmp.resolve("nowhere").toString(), "--targets", EXAMPLE.toString());
        assertEquals(ExitCodes.USAGE, none.exit(), none::describe);
        assertEquals(1, none.errLines().size(), none::describe);
        assertTrue(none.err().contains("does not exist or is not a directory"), none::describe);

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Cli.Result nothing = Cli.run("check", empty.toString(), "--targets", EXAMPLE.toString());
        assertEquals(ExitCodes.USAGE, nothing.exit(), nothing::describe);
        assertTrue(nothing.err().contains("has no throughput.json, latency.json or serve_sweep.json"), nothing::describe);

        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve("throughput.json"), "{ not json");
        Cli.Result unreadable = Cli.run("check", broken.toString(), "--targets", EXAMPLE.toString());
        assertEquals(ExitCodes.USAGE, unreadable.exit(), unreadable::describe);
        assertEquals(1, unreadable.errLines().size(), unreadable::describe);
        Cli.assertNoStackTrace(unreadable.err(), unreadable.describe());
        assertFalse(Files.exists(broken.resolve("check.json")));
    }

    @Test
    void targetsIsRequired() {
        Cli.Result r = Cli.run("check", results.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertTrue(r.err().contains("--targets"), r::describe);
    }
}
