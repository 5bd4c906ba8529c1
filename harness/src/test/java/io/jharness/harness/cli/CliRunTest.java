package io.jharness.harness.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs in this JVM through {@link HarnessCli#execute}: the mock engine on its virtual clock,
 * results in a {@code @TempDir}.
 */
class CliRunTest {

    /** The mock engine on its virtual clock: a sweep takes milliseconds and is deterministic. */
    private static final List<String> MOCK = List.of("--engine", "mock", "--mock-clock", "virtual", "-q");

    @TempDir
    Path tmp;

    private static String[] args(String command, List<String> options, Path outputDir) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(MOCK);
        all.addAll(options);
        all.add("--output-dir");
        all.add(outputDir.toString());
        return all.toArray(String[]::new);
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        assertEquals("", r.err(), () -> "the mock engine, named, runs without a word on stderr:\n" + r.describe());
        return r;
    }

    private static Cli.Result throughput(Path out, String... options) {
        return ok(args("throughput", List.of(options), out));
    }

    // ---- the native engine: the bundled C reference engine through FFM ----

    @Test
    void theNativeEngineRunsTheBundledReferenceEngine() {
        Path out = tmp.resolve("native");
        Cli.Result r = Cli.run("throughput", "--engine", "native", "--native-config", "max-batch=8; seed=3", "-q",
                "--batch-sizes", "1", "4", "--num-prompts", "8", "--max-tokens", "4", "--prompt-len", "16",
                "--output-dir", out.toString());
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        assertFalse(r.err().contains("error") || r.err().contains("WARNING"), r::describe);
        JsonNode run = Cli.json(out.resolve("run.json"));
        assertEquals("native", run.at("/engine/engine").asText(), r::describe);
        assertEquals("reference (seed=3, layers=2, hidden=32)",
                run.at("/engine/model").asText());
        assertEquals(8, run.at("/engine/max_batch_size").asInt(), "the config string reached jh_create");
        assertFalse(run.at("/engine/simulated").asBoolean());
        assertEquals("max-batch=8; seed=3", run.at("/config/engine_options/config").asText());
        JsonNode t = Cli.json(out.resolve("throughput.json"));
        for (String b : List.of("1", "4")) {
            assertEquals("ok", t.path(b).path("status").asText(), t::toString);
            assertEquals(32, t.path(b).path("total_tokens").asLong(), "8 prompts x 4 tokens");
        }
    }

    // ---- throughput ----

    @Test
    void throughputWritesItsFilesAndPrintsTheTable() {
        Path out = tmp.resolve("run");
        Cli.Result r = throughput(out, "--batch-sizes", "1", "4", "--num-prompts", "10", "--max-tokens", "5");

        for (String f : List.of("throughput.json", "run.json", "SUMMARY.txt")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), () -> f + " missing:\n" + r.describe());
        }
        assertFalse(Files.exists(out.resolve("latency.json")), "a throughput run writes no latency.json");
        assertChartsValidIfPresent(out);
        assertEquals(List.of(), Cli.dotFiles(out), "temporary files left in the output directory");

        // throughput.json: keyed by batch size, honest token accounting
        JsonNode t = Cli.json(out.resolve("throughput.json"));
        assertEquals(List.of("1", "4"), fieldNames(t));
        for (String b : List.of("1", "4")) {
            JsonNode p = t.get(b);
            assertAll("batch " + b,
                    () -> assertEquals(50, p.path("total_tokens").asLong(), "10 prompts x 5 tokens"),
                    () -> assertEquals(10, p.path("num_prompts").asInt()),
                    () -> assertEquals(5.0, p.path("avg_tokens_per_prompt").asDouble()),
                    () -> assertEquals(Integer.parseInt(b), p.path("batch_size").asInt()),
                    () -> assertEquals("ok", p.path("status").asText()),
                    () -> assertTrue(p.path("error").isMissingNode()),
                    () -> assertEquals(1280, p.path("prompt_tokens").asLong(), "10 prompts x 128 tokens"),
                    () -> assertTrue(p.path("elapsed_sec").asDouble() > 0),
                    () -> assertEquals(p.path("total_tokens").asDouble() / p.path("elapsed_sec").asDouble(),
                            p.path("throughput_tokens_per_sec").asDouble(), 1e-6 * p.path("throughput_tokens_per_sec").asDouble(),
                            "tok/s is tokens over elapsed"));
        }
        assertEquals(10, t.get("1").path("num_batches").asInt());
        assertEquals(3, t.get("4").path("num_batches").asInt(), "4 + 4 + a last batch of 2");
        assertTrue(t.get("4").path("throughput_tokens_per_sec").asDouble()
                > t.get("1").path("throughput_tokens_per_sec").asDouble(), "batching raises throughput");

        // run.json: what ran and how
        JsonNode run = Cli.json(out.resolve("run.json"));
        assertAll("run.json",
                () -> assertTrue(run.path("command").asText().startsWith("harness throughput"), run::toString),
                () -> assertTrue(run.path("command").asText().contains("--batch-sizes 1 4"), run::toString),
                () -> assertEquals("throughput", run.path("workload").asText()),
                () -> assertEquals("mock", run.path("engine").path("engine").asText()),
                () -> assertEquals("virtual", run.path("engine").path("clock").asText()),
                () -> assertTrue(run.path("simulated").asBoolean()),
                () -> assertEquals(List.of(1, 4), intList(run.path("config").path("batch_sizes"))),
                () -> assertEquals(10, run.path("config").path("num_prompts").asInt()),
                () -> assertEquals(5, run.path("config").path("max_tokens").asInt()),
                () -> assertEquals(42, run.path("config").path("seed").asLong(), "the default seed is recorded"),
                () -> assertEquals("ok", run.path("status").asText()),
                () -> assertEquals(1, run.path("schema_version").asInt()),
                () -> assertFalse(run.path("started_at").asText().isEmpty()),
                () -> assertFalse(run.path("finished_at").asText().isEmpty()));

        // stdout: the label, the table, and where the results are
        List<String> lines = r.outLines();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("batch") && l.contains("tok/s") && l.contains("status")),
                r::describe);
        assertTrue(lines.stream().anyMatch(l -> l.matches("1\\s+.*\\s50\\s.*ok")), r::describe);
        assertTrue(lines.stream().anyMatch(l -> l.matches("4\\s+.*\\s50\\s.*ok")), r::describe);
        assertTrue(r.out().contains("SIMULATED"), "a mock run says its figures are simulated");
        String results = lines.getLast();
        assertTrue(results.startsWith("results: " + out + " ("), r::describe);
        for (String f : listedFiles(results)) {
            assertTrue(Files.isRegularFile(out.resolve(f)), () -> "listed but not written: " + f);
        }

        // SUMMARY.txt carries the same table
        String summary = Cli.read(out.resolve("SUMMARY.txt"));
        assertTrue(summary.contains("tok/s") && summary.contains("harness throughput"), summary);
    }

    @Test
    void autoEngineFallsBackToTheMockWithOneNote() {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("throughput", "-q", "--batch-sizes", "2", "--num-prompts", "4", "--max-tokens", "2",
                "--output-dir", out.toString());
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        assertEquals(1, r.errLines().size(), r::describe);
        assertTrue(r.errLines().getFirst().startsWith(Cli.AUTO_NOTE_PREFIX), r::describe);
        JsonNode run = Cli.json(out.resolve("run.json"));
        assertEquals("auto", run.path("config").path("engine").asText());
        assertEquals("mock", run.path("engine").path("engine").asText());
        assertEquals("virtual", run.path("engine").path("clock").asText(), "auto's mock runs on the virtual clock");
    }

    @Test
    void outputDirIsCreatedWithItsParents() {
        Path out = tmp.resolve("a").resolve("b").resolve("c");
        throughput(out, "--batch-sizes", "1", "--num-prompts", "2", "--max-tokens", "2");
        assertTrue(Files.isRegularFile(out.resolve("throughput.json")));
        assertEquals(List.of(), Cli.dotFiles(tmp));
    }

    @Test
    void rerunIntoTheSameDirectoryReplacesTheFiles() throws IOException {
        Path out = tmp.resolve("run");
        throughput(out, "--batch-sizes", "1", "--num-prompts", "2", "--max-tokens", "2");
        throughput(out, "--batch-sizes", "2", "--num-prompts", "2", "--max-tokens", "2");
        assertEquals(List.of("2"), fieldNames(Cli.json(out.resolve("throughput.json"))));
        assertEquals(List.of(), Cli.dotFiles(out));
        try (var files = Files.list(out)) {
            assertTrue(files.allMatch(Files::isRegularFile));
        }
    }

    // ---- latency ----

    @Test
    void latencyWritesPercentilesAndTokenLatencies() {
        Path out = tmp.resolve("run");
        Cli.Result r = ok(args("latency", List.of("--num-runs", "20", "--max-tokens", "5"), out));
        for (String f : List.of("latency.json", "run.json", "SUMMARY.txt")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), () -> f + " missing:\n" + r.describe());
        }
        assertFalse(Files.exists(out.resolve("throughput.json")), "a latency run writes no throughput.json");
        assertChartsValidIfPresent(out);
        assertEquals(List.of(), Cli.dotFiles(out));

        JsonNode l = Cli.json(out.resolve("latency.json"));
        assertAll("latency.json",
                () -> assertEquals(20, l.path("num_runs").asInt()),
                () -> assertEquals(5, l.path("max_tokens").asInt()),
                () -> assertEquals(1, l.path("batch_size").asInt()),
                () -> assertTrue(l.path("mean_ms").asDouble() > 0),
                () -> assertTrue(l.path("median_ms").asDouble() > 0),
                () -> assertTrue(l.path("p95_ms").asDouble() >= l.path("median_ms").asDouble()),
                () -> assertTrue(l.path("p99_ms").asDouble() >= l.path("p95_ms").asDouble()),
                () -> assertTrue(l.path("ttft_ms").isObject()),
                () -> assertTrue(l.path("itl_ms").isObject()),
                () -> assertTrue(l.path("tpot_ms").isObject()),
                () -> assertEquals(20, l.path("ttft_ms").path("count").asLong(), "one TTFT per request"),
                () -> assertEquals(80, l.path("itl_ms").path("count").asLong(), "4 gaps per 5-token request"),
                () -> assertEquals(20, l.path("tpot_ms").path("count").asLong(), "one TPOT per request"),
                () -> assertTrue(l.path("ttft_ms").path("mean_ms").asDouble() < l.path("mean_ms").asDouble(),
                        "the first token comes before the last"));

        JsonNode run = Cli.json(out.resolve("run.json"));
        assertTrue(run.path("command").asText().startsWith("harness latency"), run::toString);
        assertEquals("latency", run.path("workload").asText());
        assertEquals(20, run.path("config").path("num_runs").asInt());

        assertTrue(r.out().contains("TTFT") && r.out().contains("ITL") && r.out().contains("TPOT"), r::describe);
        assertTrue(r.outLines().getLast().startsWith("results: " + out + " ("), r::describe);
    }

    @Test
    void latencyWithOneTokenHasNoInterTokenFigures() {
        Path out = tmp.resolve("run");
        Cli.Result r = ok(args("latency", List.of("--num-runs", "20", "--max-tokens", "1"), out));
        JsonNode l = Cli.json(out.resolve("latency.json"));
        assertEquals(20, l.path("num_runs").asInt());
        assertEquals(20, l.path("ttft_ms").path("count").asLong());
        assertTrue(l.path("itl_ms").isMissingNode(), "no ITL samples: itl_ms is left out");
        assertTrue(l.path("tpot_ms").isMissingNode(), "no TPOT samples: tpot_ms is left out");
        assertTrue(r.out().contains("ITL"), "the table still has an (empty) ITL row");
        assertChartsValidIfPresent(out);
    }

    // ---- determinism ----

    @Test
    void sameSeedGivesByteIdenticalResultsAndAnotherSeedDiffers() throws IOException {
        String[] sweep = {"--batch-sizes", "1", "4", "--num-prompts", "10", "--max-tokens", "5",
                "--prompt-len", "uniform:16,64"};
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        throughput(a, concat(sweep, "--seed", "7"));
        throughput(b, concat(sweep, "--seed", "7"));
        throughput(c, concat(sweep, "--seed", "8"));
        byte[] ta = Files.readAllBytes(a.resolve("throughput.json"));
        assertArrayEquals(ta, Files.readAllBytes(b.resolve("throughput.json")),
                "the mock's virtual clock is deterministic: same seed, same throughput.json");
        assertFalse(java.util.Arrays.equals(ta, Files.readAllBytes(c.resolve("throughput.json"))),
                "another seed, other figures");

        // run.json differs only in what must: the command (its --output-dir) and the times
        JsonNode ra = Cli.json(a.resolve("run.json"));
        JsonNode rb = Cli.json(b.resolve("run.json"));
        assertEquals(ra.path("config"), rb.path("config"));
        assertEquals(ra.path("engine"), rb.path("engine"));
        assertEquals(ra.path("command").asText().replace(a.toString(), "DIR"),
                rb.path("command").asText().replace(b.toString(), "DIR"));
        assertNotEquals(ra.path("config"), Cli.json(c.resolve("run.json")).path("config"), "the seed is recorded");
    }

    @Test
    void latencyIsDeterministicForASeed() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        ok(args("latency", List.of("--num-runs", "10", "--max-tokens", "4", "--seed", "3"), a));
        ok(args("latency", List.of("--num-runs", "10", "--max-tokens", "4", "--seed", "3"), b));
        assertArrayEquals(Files.readAllBytes(a.resolve("latency.json")), Files.readAllBytes(b.resolve("latency.json")));
    }

    // ---- plot ----

    @Test
    void plotRendersChartsFromAThroughputRunIntoAnotherDirectory() throws IOException {
        Path run = tmp.resolve("run");
        throughput(run, "--batch-sizes", "1", "4", "--num-prompts", "10", "--max-tokens", "5");
        byte[] data = Files.readAllBytes(run.resolve("throughput.json"));
        Path plots = tmp.resolve("plots");

        Cli.Result r = ok("plot", "--throughput-data", run.resolve("throughput.json").toString(),
                "--output-dir", plots.toString());
        assertTrue(Files.isDirectory(plots), r::describe);
        for (String line : r.outLines()) {
            Path written = Path.of(line);
            assertTrue(written.startsWith(plots), () -> "plot wrote outside --output-dir: " + line);
            assertTrue(Files.isRegularFile(written), () -> "plot listed a file it did not write: " + line);
        }
        List<Path> pngs = Cli.assertPngsValid(plots);
        assertEquals(r.outLines().size(), pngs.size(), () -> "every chart written is listed:\n" + r.describe());
        assertEquals(List.of(), Cli.dotFiles(plots));
        assertArrayEquals(data, Files.readAllBytes(run.resolve("throughput.json")), "plot leaves the data alone");
        try (var files = Files.list(plots)) {
            assertTrue(files.allMatch(p -> p.getFileName().toString().endsWith(".png")), "plot writes only charts");
        }
    }

    @Test
    void plotRendersLatencyCharts() {
        Path run = tmp.resolve("run");
        ok(args("latency", List.of("--num-runs", "10", "--max-tokens", "4"), run));
        Path plots = tmp.resolve("plots");
        Cli.Result r = ok("plot", "--latency-data", run.resolve("latency.json").toString(),
                "--output-dir", plots.toString());
        assertEquals(r.outLines().size(), Cli.assertPngsValid(plots).size(), r::describe);
    }

    // ---- engines ----

    @Test
    void enginesListsTheMockAndWhatAutoPicks() {
        Cli.Result r = ok("engines");
        assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith("mock")), r::describe);
        assertTrue(r.out().contains("--engine auto picks: "), r::describe);
    }

    // ---- helpers ----

    private static void assertChartsValidIfPresent(Path dir) {
        for (String chart : Cli.CHART_FILES) {
            Path png = dir.resolve(chart);
            if (Files.exists(png)) {
                Cli.assertValidPng(png);
            }
        }
        Cli.assertPngsValid(dir);
    }

    /** The file names in "results: DIR (a, b, c)". */
    private static List<String> listedFiles(String resultsLine) {
        Matcher m = Pattern.compile("\\(([^)]*)\\)$").matcher(resultsLine);
        assertTrue(m.find(), resultsLine);
        return List.of(m.group(1).split(", "));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<Integer> intList(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asInt()));
        return values;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
