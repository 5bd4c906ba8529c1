package io.jharness.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harness report} through {@link HarnessCli#execute}: on a mock latency run (a test
 * fixture) and the committed H100 example runs; bad input is one line and exit code 2, with
 * nothing written.
 */
class CliReportTest {

    private static final String MOCK = Path.of("src/test/resources/report/mock-latency").toString();
    private static final String H100 = Path.of("..", "examples", "h100-gpt2-medium", "telemetry-run").toString();
    private static final String TARGETS = Path.of("..", "models", "targets.example.yaml").toString();

    @TempDir
    Path tmp;

    @Test
    void writesOneFileAndSaysWhere() throws IOException {
        Path out = tmp.resolve("report.html");
        Files.writeString(out, "an older report");
        Cli.Result r = Cli.run("report", MOCK, H100, "-o", out.toString(), "--targets", TARGETS);
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        assertEquals(List.of("report: " + out), r.outLines(), r::describe);
        assertEquals("", r.err(), r::describe);
        String html = Files.readString(out);
        assertTrue(html.startsWith("<!doctype html>"), "replaced the older file");
        assertTrue(html.contains("<section class=\"run\" id=\"run-2\">"), "a section per directory");
        assertEquals(List.of(), Cli.dotFiles(tmp), "no temporary file left behind");
        assertEquals(List.of("report.html"), Cli.tree(tmp));
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path notJson = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(notJson.resolve("throughput.json"), "{ not json");
        Path badTargets = Files.writeString(tmp.resolve("bad.yaml"), "throughput:\n  - batch_size: 8\n    min_tok: 1\n");
        Path rounds = tmp.resolve("rounds");
        Files.createDirectories(rounds.resolve("round-1"));
        Files.writeString(rounds.resolve("round-1").resolve("throughput.json"), "{}");
        Path out = tmp.resolve("out").resolve("report.html");
        Files.createDirectories(out.getParent());
        String o = out.toString();
        List<String[]> cases = List.of(
                new String[] {"report", tmp.resolve("missing").toString(), "-o", o},
                new String[] {"report", empty.toString(), "-o", o},
                new String[] {"report", notJson.toString(), "-o", o},
                new String[] {"report", rounds.toString(), "-o", o},
                new String[] {"report", MOCK, "-o", o, "--targets", badTargets.toString()},
                new String[] {"report", MOCK, "-o", tmp.resolve("no-such-dir").resolve("r.html").toString()},
                new String[] {"report", MOCK, "-o", out.getParent().toString()},
                new String[] {"report", MOCK},
                new String[] {"report", "-o", o});
        List<String> expected = List.of(
                "error: results directory " + tmp.resolve("missing") + " does not exist or is not a directory",
                "error: " + empty + " is not a results directory: it has no throughput.json, latency.json or serve_sweep.json",
                "error: " + notJson.resolve("throughput.json") + " is not a readable throughput.json",
                "error: " + rounds + " holds rounds (round-N/), not results: give one round, e.g. " + rounds.resolve("round-1"),
                "error: " + badTargets,
                "error: -o " + tmp.resolve("no-such-dir").resolve("r.html") + ": its directory",
                "error: -o " + out.getParent() + " is a directory",
                "error: Missing required option: '--output=FILE'",
                "error: Missing required parameter: 'RESULTS'");
        for (int i = 0; i < cases.size(); i++) {
            Cli.Result r = Cli.run(cases.get(i));
            assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
            assertEquals(1, r.errLines().size(), r::describe);
            assertTrue(r.err().startsWith(expected.get(i)), r::describe);
            Cli.assertNoStackTrace(r.err(), r.describe());
            assertEquals("", r.out(), r::describe);
            assertFalse(Files.exists(out), () -> "nothing written: " + r.describe());
            assertEquals(List.of(), Cli.dotFiles(tmp), r::describe);
        }
    }
}
