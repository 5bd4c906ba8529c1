package io.jharness.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harness compare} through {@link HarnessCli#execute}, on mock runs with 3 repeats: the
 * baseline's latency model (step 4 ms) against a faster one (step 3.6 ms) and one of another
 * workload (--max-tokens 64). On the virtual clock the repeats are identical, so the noise is
 * zero and any change is beyond it.
 */
class CliCompareTest {

    @TempDir
    static Path tmp;

    static Path base;
    static Path faster;
    static Path otherWorkload;

    private static Path mockRun(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("--repeats", "3"));
        args.addAll(Arrays.asList(extra));
        return Cli.mockThroughput(tmp.resolve(name), args.toArray(String[]::new));
    }

    @BeforeAll
    static void runs() {
        base = mockRun("base");
        faster = mockRun("faster", "--mock-latency", "step=3.6ms,per-seq=15us,per-prompt-token=400ns,jitter=0.02");
        otherWorkload = mockRun("other", "--max-tokens", "64");
    }

    @Test
    void aFasterRunIsASignificantImprovement() {
        Path out = tmp.resolve("out-faster");
        Cli.Result r = Cli.run("compare", base.toString(), faster.toString(), "-o", out.toString(), "--fail-on-regression");
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        assertTrue(r.out().contains("baseline base: " + base), r::describe);
        assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith("batch 1") && l.endsWith("improved")), r::describe);
        assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith("differs: engine_options:")), r::describe);
        assertTrue(r.out().contains("2 improved, 0 regressed"), r::describe);
        JsonNode json = Cli.json(out.resolve("compare.json"));
        assertEquals("base", json.path("baseline").asText());
        assertEquals(2, json.path("improvements").asInt());
        JsonNode change = json.path("throughput").get(0).path("changes").get(0);
        assertEquals("improved", change.path("verdict").asText());
        assertTrue(change.path("ratio").asDouble() > 1.05, change::toString);
        assertEquals(Cli.read(out.resolve("COMPARE.txt")), r.out().substring(0, r.out().indexOf("results: ")));
        assertEquals(List.of(out.resolve("compare_throughput.png")), Cli.assertPngsValid(out));
        assertEquals(List.of(), Cli.dotFiles(out));
    }

    @Test
    void failOnRegressionGatesASlowerRun() {
        Cli.Result r = Cli.run("compare", faster.toString(), base.toString(), "-o", tmp.resolve("out-slower").toString(),
                "--fail-on-regression");
        assertEquals(ExitCodes.FAILED, r.exit(), r::describe);
        assertTrue(r.out().contains("0 improved, 2 regressed"), r::describe);
        Cli.Result without = Cli.run("compare", faster.toString(), base.toString(), "-o", tmp.resolve("out-slower2").toString());
        assertEquals(ExitCodes.OK, without.exit(), without::describe);
    }

    @Test
    void differentWorkloadsAreRefusedKeyByKey() {
        Path out = tmp.resolve("out-refused");
        Cli.Result r = Cli.run("compare", base.toString(), otherWorkload.toString(), "-o", out.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertEquals(List.of("error: the runs measured different workloads (add --force to compare them anyway):",
                "  max_tokens: 128 | 64  (base | other)"), r.errLines());
        assertEquals("", r.out());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void forceComparesThemAndSaysHow() {
        Path out = tmp.resolve("out-forced");
        Cli.Result r = Cli.run("compare", base.toString(), otherWorkload.toString(), "-o", out.toString(), "--force");
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        assertTrue(r.out().contains("WORKLOAD differs (compared with --force): max_tokens: 128 | 64"), r::describe);
        assertEquals("max_tokens", Cli.json(out.resolve("compare.json")).path("forced_differences").get(0).path("key").asText());
    }

    @Test
    void aMinimalRunJsonFromAnotherToolIsAccepted() throws IOException {
        // What scripts/baseline_pytorch.py writes: our throughput.json, and a run.json with what it knows.
        Path py = tmp.resolve("pytorch");
        Files.createDirectories(py);
        Files.copy(base.resolve("throughput.json"), py.resolve("throughput.json"));
        Files.writeString(py.resolve("run.json"), """
                {"command": "python3 scripts/baseline_pytorch.py --batch-sizes 1 8 --num-prompts 16",
                 "workload": "throughput",
                 "config": {"batch_sizes": [1, 8], "num_prompts": 16, "max_tokens": 128, "prompt_len": 128},
                 "engine": {"engine": "pytorch-eager (python)", "model": "/tmp/m/none", "device": "cpu", "dtype": "n/a",
                            "versions": {"torch": "1.13.1", "cuda": null}},
                 "simulated": false, "started_at": "2026-01-01T00:00:00Z", "status": "ok"}
                """);
        Cli.Result r = Cli.run("compare", py.toString(), base.toString(), "-o", tmp.resolve("out-py").toString());
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        assertTrue(r.out().contains("engine pytorch-eager (python) on cpu; timer -; commit -"), r::describe);
        assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith("batch 8") && l.contains("no significant change")),
                r::describe);
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path noRunJson = Files.createDirectories(tmp.resolve("no-run-json"));
        Files.copy(base.resolve("throughput.json"), noRunJson.resolve("throughput.json"));
        Path latency = tmp.resolve("latency");
        assertEquals(ExitCodes.OK, Cli.run("latency", "--engine", "mock", "--num-runs", "5", "-q", "--output-dir",
                latency.toString()).exit());
        record Case(String[] args, String message) {}
        for (Case c : List.of(
                new Case(new String[] {"compare", base.toString()}, "requires at least 2 values"),
                new Case(new String[] {"compare", base.toString(), tmp.resolve("nope").toString()},
                        "error: results directory " + tmp.resolve("nope") + " does not exist or is not a directory"),
                new Case(new String[] {"compare", base.toString(), empty.toString()},
                        "error: " + empty + " has no throughput.json, latency.json, serve_sweep.json or round-N/ folders"),
                new Case(new String[] {"compare", base.toString(), noRunJson.toString()},
                        "error: " + noRunJson + " has no run.json, so what it measured cannot be checked"),
                new Case(new String[] {"compare", base.toString(), latency.toString(), "--force"},
                        "error: the runs have no result kind in common"))) {
            Cli.Result r = Cli.run(c.args());
            assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
            assertEquals(1, r.errLines().size(), r::describe);
            assertTrue(r.err().contains(c.message()), r::describe);
            Cli.assertNoStackTrace(r.err(), r.describe());
        }
        Cli.Result forced = Cli.run("compare", base.toString(), noRunJson.toString(), "--force", "-o",
                tmp.resolve("out-no-run-json").toString());
        assertEquals(ExitCodes.OK, forced.exit(), forced::describe);
    }
}
