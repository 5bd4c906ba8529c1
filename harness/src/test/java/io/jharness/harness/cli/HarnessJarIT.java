package io.jharness.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the shaded jar (failsafe sets {@code harness.jar}) run as its own process, the way
 * {@code bin/harness} runs it, with the same java that runs this test and a temp dir as working
 * directory. Runs after {@code package}; surefire does not pick it up.
 */
class HarnessJarIT {

    private static final long TIMEOUT_S = 60;
    private static final String STAMP = "\\d{4}-\\d{2}-\\d{2}_\\d{6}(-\\d+)?";

    private static Path jar;
    private static String classPath;
    private static String javaCommand;

    @TempDir
    Path cwd;

    @BeforeAll
    static void findJarAndJava() {
        String property = System.getProperty("harness.jar");
        // Failsafe sets it (harness/pom.xml). Surefire does not, but runs this class anyway when a
        // -Dtest pattern names it (e.g. -Dtest='io/jharness/harness/cli/*'): skip there, not fail.
        assumeTrue(property != null, "system property harness.jar is not set: run by failsafe ('mvn verify')");
        jar = Path.of(property);
        assertTrue(Files.isRegularFile(jar), () -> jar + " does not exist; run 'mvn verify' so 'package' builds it");
        // As bin/harness runs it: the jar, and DJL's libtorch for CPU from target/lib.
        String lib = System.getProperty("harness.lib");
        classPath = lib == null ? jar.toString() : jar + java.io.File.pathSeparator + Path.of(lib).resolve("*");
        javaCommand = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    record Run(List<String> command, int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        String describe() {
            return String.join(" ", command) + "\nexit: " + exit + "\n--- stdout ---\n" + out
                    + "--- stderr ---\n" + err + "---";
        }
    }

    private Run harness(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                javaCommand, "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true", "-cp", classPath,
                "io.jharness.harness.cli.HarnessCli"));
        command.addAll(List.of(args));
        Path io = Files.createTempDirectory("harness-it-io");
        Path stdout = io.resolve("stdout");
        Path stderr = io.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        pb.environment().remove("HARNESS_DEBUG");
        Process p = pb.start();
        p.getOutputStream().close(); // no input
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("harness did not finish within " + TIMEOUT_S + " s: " + String.join(" ", command)
                    + "\n--- stdout ---\n" + Files.readString(stdout) + "--- stderr ---\n" + Files.readString(stderr));
        }
        Run run = new Run(command, p.exitValue(), Files.readString(stdout), Files.readString(stderr));
        Files.delete(stdout);
        Files.delete(stderr);
        Files.delete(io);
        return run;
    }

    /** stderr of a successful auto run: at most the auto-engine note, never a stack trace. */
    private static void assertQuietStderr(Run r) {
        assertTrue(r.errLines().size() <= 1, r::describe);
        r.errLines().forEach(l -> assertTrue(l.startsWith(Cli.AUTO_NOTE_PREFIX), r::describe));
        Cli.assertNoStackTrace(r.err(), r.describe());
    }

    @Test
    void throughputSweepRunsFromTheJar() throws Exception {
        Run r = harness("throughput", "--batch-sizes", "1", "8", "16", "32", "64",
                "--output-dir", cwd.resolve("run").toString());
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        assertQuietStderr(r);

        Path run = cwd.resolve("run");
        for (String f : List.of("throughput.json", "run.json", "SUMMARY.txt")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), () -> f + " missing:\n" + r.describe());
        }
        for (String chart : Cli.CHART_FILES) {
            if (Files.exists(run.resolve(chart))) {
                Cli.assertValidPng(run.resolve(chart));
            }
        }
        assertEquals(List.of(), Cli.dotFiles(run));

        JsonNode t = Cli.json(run.resolve("throughput.json"));
        for (String b : List.of("1", "8", "16", "32", "64")) {
            assertEquals("ok", t.path(b).path("status").asText(), () -> "batch " + b + ": " + t);
            assertEquals(100 * 128, t.path(b).path("total_tokens").asLong(), "default 100 prompts x 128 tokens");
        }
        JsonNode meta = Cli.json(run.resolve("run.json"));
        assertTrue(meta.path("command").asText().startsWith("harness throughput"), meta::toString);
        assertTrue(meta.path("simulated").asBoolean());

        List<String> lines = r.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("batch") && l.contains("tok/s")), r::describe);
        for (String b : List.of("1", "8", "16", "32", "64")) {
            assertTrue(lines.stream().anyMatch(l -> l.matches(b + "\\s+\\S.*ok")), () -> "no row for " + b);
        }
        assertTrue(lines.getLast().startsWith("results: " + run), r::describe);
        assertFalse(Files.exists(cwd.resolve("results")), "--output-dir given: no results/ in the working dir");
    }

    @Test
    void userErrorExitsTwoWithOneLine() throws Exception {
        Run r = harness("throughput", "--batch-sizes", "0", "--output-dir", cwd.resolve("run").toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertEquals("", r.out(), r::describe);
        assertEquals(1, r.errLines().size(), r::describe);
        assertTrue(r.err().startsWith("error: ") && r.err().contains("'0'"), r::describe);
        Cli.assertNoStackTrace(r.err(), r.describe());
        assertEquals(List.of(), Cli.tree(cwd), "a user error writes nothing");
    }

    @Test
    void engineTimeUserErrorEndsWithTheErrorLine() throws Exception {
        Run r = harness("throughput", "--batch-sizes", "100000", "--output-dir", cwd.resolve("run").toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertEquals("", r.out(), r::describe);
        List<String> lines = r.errLines();
        assertTrue(lines.size() == 1 || (lines.size() == 2 && lines.getFirst().startsWith(Cli.AUTO_NOTE_PREFIX)),
                r::describe);
        assertTrue(lines.getLast().startsWith("error: ") && lines.getLast().contains("100000"), r::describe);
        Cli.assertNoStackTrace(r.err(), r.describe());
        assertEquals(List.of(), Cli.tree(cwd), "a user error writes nothing");
    }

    @Test
    void failedPointExitsOne() throws Exception {
        Run r = harness("throughput", "--engine", "mock", "--engine-opt", "fail-at-batch=8",
                "--batch-sizes", "1", "8", "16", "--num-prompts", "16", "--max-tokens", "4",
                "--output-dir", cwd.resolve("run").toString());
        assertEquals(ExitCodes.FAILED, r.exit(), r::describe);
        assertEquals(1, r.errLines().size(), r::describe);
        Cli.assertNoStackTrace(r.err(), r.describe());
        JsonNode t = Cli.json(cwd.resolve("run").resolve("throughput.json"));
        assertEquals("failed", t.path("8").path("status").asText());
        assertEquals("ok", t.path("16").path("status").asText());
    }

    /**
     * Ctrl-C end to end: SIGINT to a real harness process once its first point is on disk. It
     * stops after the current step, writes what it measured with its charts, exits 130; a resume
     * with the same options then runs only what is missing.
     */
    @Test
    void ctrlCStopsTheRunAndResumeFinishesIt() throws Exception {
        Path out = cwd.resolve("run");
        // Real time: 20 ms steps, so each point takes about a second and a half and the signal
        // arrives while the sweep is still going.
        List<String> sweep = List.of("throughput", "--engine", "mock", "--mock-clock", "real",
                "--mock-latency", "step=20ms,jitter=0", "--warmup", "0", "--jit-warmup", "0", "--batch-sizes", "1", "2", "4", "8",
                "--num-prompts", "8", "--max-tokens", "8");
        List<String> command = new ArrayList<>(List.of(
                javaCommand, "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true", "-cp", classPath,
                "io.jharness.harness.cli.HarnessCli"));
        command.addAll(sweep);
        command.addAll(List.of("--output-dir", out.toString()));
        Path stderr = cwd.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectOutput(cwd.resolve("stdout.txt").toFile()).redirectError(stderr.toFile()).start();
        p.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!Files.exists(out.resolve("throughput.json")) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), () -> "the run ended before it could be interrupted: " + Cli.read(stderr));
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -INT");
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("the harness did not stop after SIGINT: " + Cli.read(stderr));
        }
        String err = Cli.read(stderr);
        assertEquals(ExitCodes.INTERRUPTED, p.exitValue(), err);
        Cli.assertNoStackTrace(err, err);
        assertTrue(err.lines().anyMatch(l -> l.startsWith("interrupted: stopping after the current step")), err);
        assertTrue(err.lines().anyMatch(l -> l.startsWith("interrupted: ") && l.contains("--resume " + out)), err);

        JsonNode t = Cli.json(out.resolve("throughput.json"));
        assertEquals("ok", t.path("1").path("status").asText(), t::toString);
        List<String> statuses = new ArrayList<>();
        t.elements().forEachRemaining(n -> statuses.add(n.path("status").asText()));
        assertEquals(4, statuses.size(), "every batch size is listed: " + t);
        assertTrue(statuses.contains("skipped"), "the points not measured are skipped: " + t);
        JsonNode run = Cli.json(out.resolve("run.json"));
        assertEquals("interrupted", run.path("status").asText());
        assertFalse(run.path("finished_at").isMissingNode());
        assertTrue(Cli.read(out.resolve("SUMMARY.txt")).startsWith("jharness throughput - interrupted"));
        assertTrue(Files.isRegularFile(out.resolve("throughput_chart.png")), "the charts are drawn for what was measured");
        Cli.assertPngsValid(out);
        assertEquals(List.of(), Cli.dotFiles(out));

        List<String> resumeArgs = new ArrayList<>(sweep);
        resumeArgs.addAll(List.of("--resume", out.toString()));
        Run resumed = harness(resumeArgs.toArray(String[]::new));
        assertEquals(ExitCodes.OK, resumed.exit(), resumed::describe);
        JsonNode after = Cli.json(out.resolve("throughput.json"));
        for (String b : List.of("1", "2", "4", "8")) {
            assertEquals("ok", after.path(b).path("status").asText(), () -> b + ": " + after);
        }
        assertEquals(t.get("1"), after.get("1"), "batch 1 was kept as the interrupted run measured it");
        JsonNode note = Cli.json(out.resolve("run.json")).path("resumed").get(0);
        assertEquals("interrupted", note.path("previous_status").asText());
        assertTrue(note.path("kept").toString().contains("\"1\""), note::toString);
    }

    /** Also {@code plot} with no data options, which reads results/latest (one test: each launch costs). */
    @Test
    void defaultOutputDirIsATimestampUnderResultsLinkedFromLatest() throws Exception {
        Run nothing = harness("plot");
        assertEquals(ExitCodes.USAGE, nothing.exit(), nothing::describe);
        assertEquals(1, nothing.errLines().size(), nothing::describe);
        assertTrue(nothing.err().startsWith("error: nothing to plot"), nothing::describe);
        assertEquals(List.of(), Cli.tree(cwd), "plot with nothing to plot writes nothing");

        Run first = harness("throughput", "--batch-sizes", "1", "8", "--num-prompts", "8", "--max-tokens", "4");
        assertEquals(ExitCodes.OK, first.exit(), first::describe);
        assertQuietStderr(first);

        Path results = cwd.resolve("results");
        Path firstDir = onlyStampDir(results);
        assertTrue(Files.isRegularFile(firstDir.resolve("throughput.json")), first::describe);
        assertTrue(first.out().lines().toList().getLast()
                .startsWith("results: " + Path.of("results", firstDir.getFileName().toString()) + " ("), first::describe);
        assertLatestPointsAt(results, firstDir);

        // A second run gets its own directory, and latest moves to it.
        Run second = harness("throughput", "--batch-sizes", "2", "--num-prompts", "4", "--max-tokens", "2");
        assertEquals(ExitCodes.OK, second.exit(), second::describe);
        List<Path> dirs = stampDirs(results);
        assertEquals(2, dirs.size(), () -> "two runs, two directories: " + dirs);
        String line = second.out().lines().toList().getLast();
        Path secondDir = cwd.resolve(line.substring("results: ".length(), line.indexOf(" (")));
        assertTrue(dirs.contains(secondDir.normalize()), () -> line + " not among " + dirs);
        assertLatestPointsAt(results, secondDir);
        assertEquals(List.of("2"), fieldNamesOf(Cli.json(results.resolve("latest").resolve("throughput.json"))));
        assertEquals(List.of(), Cli.dotFiles(results), "temporary links or files left in results/");

        Run plot = harness("plot");
        assertEquals(ExitCodes.OK, plot.exit(), plot::describe);
        assertEquals("", plot.err(), plot::describe);
        for (String written : plot.out().lines().toList()) {
            Path png = cwd.resolve(written);
            assertEquals(secondDir.toRealPath(), png.toRealPath().getParent(), () -> written + " not in results/latest");
            Cli.assertValidPng(png);
        }
    }

    @Test
    void emptyOutputDirIsAUsageError() throws Exception {
        Run r = harness("throughput", "--engine", "mock", "--batch-sizes", "1", "--num-prompts", "2",
                "--max-tokens", "2", "--output-dir", "");
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertEquals(List.of(), Cli.tree(cwd));
    }

    private static Path onlyStampDir(Path results) throws IOException {
        List<Path> dirs = stampDirs(results);
        assertEquals(1, dirs.size(), () -> "expected one results/<timestamp>/: " + dirs);
        return dirs.getFirst();
    }

    private static List<Path> stampDirs(Path results) throws IOException {
        assertTrue(Files.isDirectory(results), results + " was not created");
        try (Stream<Path> entries = Files.list(results)) {
            List<Path> all = entries.sorted().toList();
            for (Path p : all) {
                String name = p.getFileName().toString();
                assertTrue(name.equals("latest") || name.matches(STAMP),
                        () -> "unexpected entry in results/: " + name);
            }
            return all.stream()
                    .filter(p -> p.getFileName().toString().matches(STAMP))
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(Path::normalize)
                    .toList();
        }
    }

    private static void assertLatestPointsAt(Path results, Path dir) throws IOException {
        Path latest = results.resolve("latest");
        assertTrue(Files.isSymbolicLink(latest), "results/latest is a symbolic link");
        Path target = Files.readSymbolicLink(latest);
        assertFalse(target.isAbsolute(), () -> "results/latest should be relative so results/ can move: " + target);
        assertEquals(dir.getFileName(), target, "results/latest -> " + target);
        assertEquals(dir.toRealPath(), latest.toRealPath());
    }

    private static List<String> fieldNamesOf(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The djl engine end to end on the CPU, with the committed fixture model. */
    @Test
    void djlEngineRunsTheFixtureModelOnTheCpu() throws Exception {
        Path model = Path.of("..", "models", "fixtures", "tiny-gpt2.pt").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(model), "no fixture at " + model);
        Run r = harness("throughput", "--engine", "djl", "--device", "cpu", "--model", model.toString(),
                "--batch-sizes", "1", "4", "8", "--num-prompts", "8", "--max-tokens", "16", "--output-dir", "run");
        assertEquals(0, r.exit(), r::describe);
        JsonNode run = com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .readTree(cwd.resolve("run/run.json").toFile());
        assertEquals("djl", run.at("/engine/engine").asText(), r::describe);
        assertEquals("cpu", run.at("/engine/device").asText());
        assertFalse(run.at("/simulated").asBoolean(), "a model run is not simulated");
        assertEquals("0.35.1", run.at("/engine/versions/djl").asText());
        JsonNode throughput = com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .readTree(cwd.resolve("run/throughput.json").toFile());
        for (String b : List.of("1", "4", "8")) {
            assertEquals(8 * 16, throughput.at("/" + b + "/total_tokens").asLong(), b);
            // Roofline from the sidecar: prompt 128 + 16 / 2; tiny-gpt2 at batch B, context 136:
            // 531,456 weights + 1,024 x 136 x B KV read + 1,024 x B written + B x 512 x 4 logits.
            JsonNode roofline = throughput.at("/" + b + "/roofline");
            int batch = Integer.parseInt(b);
            assertEquals(136.0, roofline.at("/context_len").asDouble(), b);
            assertEquals(531_456 + 1_024L * 136 * batch + 1_024L * batch + batch * 2_048L,
                    roofline.at("/bytes_per_step").asLong(), b);
            assertEquals("wall", roofline.at("/time_basis").asText());
            assertTrue(roofline.at("/achieved_gb_per_sec").asDouble() > 0, b);
            assertTrue(roofline.at("/mbu_copy").isMissingNode(), "no ceiling on a CPU");
        }
        assertTrue(run.at("/roofline_ceiling").isMissingNode(), "no ceiling on a CPU");
        assertTrue(Files.isRegularFile(cwd.resolve("run/roofline_chart.png")));
        assertTrue(Files.readString(cwd.resolve("run/SUMMARY.txt")).contains("roofline per decode step"));
    }
}
