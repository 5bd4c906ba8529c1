package io.jharness.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that survive failures, in this JVM: {@code --point-timeout} with a mock step that hangs,
 * and {@code --resume}. Ctrl-C is tested on a real process in {@link HarnessJarIT}.
 */
class CliSurviveTest {

    private static final List<String> SWEEP = List.of("throughput", "--engine", "mock", "-q", "--batch-sizes", "1", "8",
            "16", "--num-prompts", "16", "--max-tokens", "4");

    @TempDir
    Path tmp;

    private static String[] args(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aPointThatHangsPastTheTimeoutFailsAndTheSweepGoesOn() {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run(args(SWEEP, "--engine-opt", "hang-at-batch=8", "--point-timeout", "300ms",
                "--output-dir", out.toString()));
        assertEquals(ExitCodes.FAILED, r.exit(), r::describe);
        assertEquals(List.of("error: 1 of 3 points failed; their errors are in " + out.resolve("throughput.json")),
                r.errLines(), r::describe);
        assertTrue(r.out().contains("batch 8 failed: timed out after 0.3 s"), r::describe);
        JsonNode t = Cli.json(out.resolve("throughput.json"));
        assertEquals("failed", t.path("8").path("status").asText());
        assertEquals("timed out after 0.3 s", t.path("8").path("error").asText());
        assertEquals("ok", t.path("1").path("status").asText());
        assertEquals("ok", t.path("16").path("status").asText(), "the sweep went on after the hang");
        JsonNode run = Cli.json(out.resolve("run.json"));
        assertEquals("partial", run.path("status").asText());
        assertEquals("300ms", run.at("/config/point_timeout").asText());
        assertFalse(run.path("finished_at").isMissingNode());
        Cli.assertPngsValid(out);
        assertEquals(List.of(), Cli.dotFiles(out));
    }

    @Test
    void aLatencyRunPastTheTimeoutFailsWithOneLine() {
        Path out = tmp.resolve("lat");
        Cli.Result r = Cli.run("latency", "--engine", "mock", "-q", "--engine-opt", "hang-at-batch=1",
                "--point-timeout", "200ms", "--num-runs", "3", "--output-dir", out.toString());
        assertEquals(ExitCodes.FAILED, r.exit(), r::describe);
        assertEquals(List.of("error: the latency run timed out after 0.2 s"), r.errLines(), r::describe);
        JsonNode run = Cli.json(out.resolve("run.json"));
        assertEquals("failed", run.path("status").asText());
        assertEquals("timed out after 0.2 s", run.path("error").asText());
        assertFalse(Files.exists(out.resolve("latency.json")), "no request completed: no latency.json");
    }

    @Test
    void resumeRunsOnlyThePointsThatAreNotOk() throws IOException {
        Path out = tmp.resolve("run");
        assertEquals(ExitCodes.OK, Cli.run(args(SWEEP, "--output-dir", out.toString())).exit());
        // As a run stopped after batch 1 would leave it: 8 skipped, 16 missing. Batch 1 gets a
        // figure no run produces, so the test sees whether it was kept or measured again.
        ObjectNode t = (ObjectNode) Cli.json(out.resolve("throughput.json"));
        JsonNode measured8 = t.get("8");
        ((ObjectNode) t.get("1")).put("throughput_tokens_per_sec", 12345.0);
        t.set("8", t.objectNode().put("batch_size", 8).put("status", "skipped").put("error", "the run was interrupted"));
        t.remove("16");
        Files.writeString(out.resolve("throughput.json"), t.toPrettyString());
        ObjectNode meta = (ObjectNode) Cli.json(out.resolve("run.json"));
        meta.put("status", "interrupted");
        Files.writeString(out.resolve("run.json"), meta.toPrettyString());

        Cli.Result r = Cli.run(args(SWEEP, "--resume", out.toString()));
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        assertEquals("", r.err(), r::describe);
        JsonNode after = Cli.json(out.resolve("throughput.json"));
        assertEquals(List.of("1", "8", "16"), names(after));
        assertEquals(12345.0, after.at("/1/throughput_tokens_per_sec").asDouble(), "batch 1 was kept, not rerun");
        assertEquals(measured8, after.get("8"), "batch 8 ran again and measured what the first run did");
        assertEquals("ok", after.at("/16/status").asText());
        JsonNode run = Cli.json(out.resolve("run.json"));
        assertEquals("ok", run.path("status").asText());
        JsonNode note = run.path("resumed").get(0);
        assertEquals("interrupted", note.path("previous_status").asText());
        assertEquals("[\"1\"]", note.path("kept").toString());
        assertEquals("[\"8\",\"16\"]", note.path("rerun").toString());
        assertTrue(run.path("command").asText().contains("--resume"));
        assertTrue(Cli.read(out.resolve("SUMMARY.txt")).contains("resumed:  "), "the summary says so too");
        assertEquals(List.of(), Cli.dotFiles(out));
    }

    @Test
    void resumeRefusesADifferentWorkloadNamingTheKey() throws IOException {
        Path out = tmp.resolve("run");
        assertEquals(ExitCodes.OK, Cli.run(args(SWEEP, "--output-dir", out.toString())).exit());
        List<String> before = Cli.tree(out);
        String throughputBefore = Files.readString(out.resolve("throughput.json"));

        Cli.Result r = Cli.run("throughput", "--engine", "mock", "-q", "--batch-sizes", "1", "8", "16",
                "--num-prompts", "16", "--max-tokens", "5", "--resume", out.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertEquals(1, r.errLines().size(), r::describe);
        String error = r.errLines().getFirst();
        assertTrue(error.startsWith("error: --resume " + out + ": option max_tokens differs: the run there has 4, "
                + "this command 5"), r::describe);
        assertTrue(error.contains(String.join(" ", SWEEP.subList(1, SWEEP.size()))), "names how it ran: " + error);
        Cli.assertNoStackTrace(r.err(), r.describe());

        Cli.Result serve = Cli.run("serve", "--engine", "mock", "--rate", "2", "--resume", out.toString());
        assertEquals(ExitCodes.USAGE, serve.exit(), serve::describe);
        assertTrue(serve.err().contains("holds a throughput run, not serve"), serve::describe);

        Cli.Result elsewhere = Cli.run(args(SWEEP, "--resume", out.toString(), "--output-dir", tmp.resolve("x").toString()));
        assertEquals(ExitCodes.USAGE, elsewhere.exit(), elsewhere::describe);
        assertTrue(elsewhere.err().contains("drop --output-dir"), elsewhere::describe);

        assertEquals(before, Cli.tree(out), "a refused resume changes nothing");
        assertEquals(throughputBefore, Files.readString(out.resolve("throughput.json")));
    }

    @Test
    void aPointTimeoutMayChangeOnResume() {
        Path out = tmp.resolve("run");
        assertEquals(ExitCodes.OK, Cli.run(args(SWEEP, "--output-dir", out.toString())).exit());
        Cli.Result r = Cli.run(args(SWEEP, "--point-timeout", "2m", "--resume", out.toString()));
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        assertEquals("120s", Cli.json(out.resolve("run.json")).at("/config/point_timeout").asText());
    }

    @Test
    void servePointsThatHangPastTheTimeoutFail() {
        Path out = tmp.resolve("serve");
        List<String> serve = List.of("serve", "--engine", "mock", "-q", "--slots", "8", "--rate", "2,4",
                "--num-requests", "20", "--warmup-requests", "2");
        Cli.Result r = Cli.run(args(serve, "--engine-opt", "hang-at-batch=8", "--point-timeout", "250ms",
                "--output-dir", out.toString()));
        assertEquals(ExitCodes.FAILED, r.exit(), r::describe);
        JsonNode sweep = Cli.json(out.resolve("serve_sweep.json"));
        assertEquals(2, sweep.path("points").size());
        for (JsonNode p : sweep.path("points")) {
            assertEquals("failed", p.path("status").asText());
            assertEquals("timed out after 0.25 s", p.path("error").asText());
        }
        assertEquals("failed", Cli.json(out.resolve("run.json")).path("status").asText());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
