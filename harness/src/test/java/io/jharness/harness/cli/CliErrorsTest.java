package io.jharness.harness.cli;

import static io.jharness.harness.cli.Cli.AUTO_NOTE_PREFIX;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * User errors exit 2 with one line on stderr that names the bad value, print nothing on stdout and
 * write no files; run-time failures exit 1 with one line; help and version exit 0.
 *
 * <p>Every run passes {@code --output-dir} inside a {@code @TempDir}, so nothing is written into
 * the working directory. In argument templates {@code {tmp}} is the temp dir and {@code {out}}
 * is {@code {tmp}/out}, a directory that does not exist before the run.
 */
class CliErrorsTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void fixtures() throws IOException {
        Files.writeString(tmp.resolve("file.txt"), "a regular file\n");
        Files.writeString(tmp.resolve("not-json.json"), "this is not JSON\n");
        Files.writeString(tmp.resolve("null.json"), "null\n");
        Files.writeString(tmp.resolve("array.json"), "[]\n");
        Files.writeString(tmp.resolve("ok-throughput.json"), """
                {
                  "1" : {
                    "throughput_tokens_per_sec" : 250.0, "total_tokens" : 50, "elapsed_sec" : 0.2,
                    "num_prompts" : 10, "avg_tokens_per_prompt" : 5.0, "batch_size" : 1, "status" : "ok"
                  }
                }
                """);
    }

    /**
     * One user error.
     *
     * @param args            the arguments, with {tmp} and {out} placeholders
     * @param engineTime      true when the error is found after the engine was chosen, so that
     *                        {@code --engine auto} may print its fallback note on the line before
     * @param mustName        what the error line must contain (the bad value, the option)
     */
    record Case(List<String> args, boolean engineTime, List<String> mustName) {}

    private static Arguments c(String name, boolean engineTime, List<String> args, String... mustName) {
        return Arguments.of(name, new Case(args, engineTime, List.of(mustName)));
    }

    private static final boolean PARSE = false;
    private static final boolean ENGINE = true;

    static Stream<Arguments> userErrors() {
        return Stream.of(
                // --batch-sizes
                c("batch size 0", PARSE, List.of("throughput", "--batch-sizes", "0", "--output-dir", "{out}"),
                        "--batch-sizes", "'0'"),
                c("batch size -1", PARSE, List.of("throughput", "--batch-sizes", "-1", "--output-dir", "{out}"),
                        "--batch-sizes", "'-1'"),
                c("batch size abc", PARSE, List.of("throughput", "--batch-sizes", "abc", "--output-dir", "{out}"),
                        "--batch-sizes", "'abc'"),
                c("batch size empty", PARSE, List.of("throughput", "--batch-sizes", "", "--output-dir", "{out}"),
                        "--batch-sizes", "''"),
                c("batch sizes with an empty element", PARSE,
                        List.of("throughput", "--batch-sizes", "1,,2", "--output-dir", "{out}"), "--batch-sizes", "''"),
                c("batch size beyond int", PARSE,
                        List.of("throughput", "--batch-sizes", "2147483648", "--output-dir", "{out}"),
                        "--batch-sizes", "'2147483648'"),
                c("batch sizes value missing at the end", PARSE,
                        List.of("throughput", "--output-dir", "{out}", "--batch-sizes"), "--batch-sizes"),
                c("batch sizes value missing before an option", PARSE,
                        List.of("throughput", "--batch-sizes", "--output-dir", "{out}"), "--batch-sizes"),
                c("duplicate batch size 8,8", PARSE,
                        List.of("throughput", "--batch-sizes", "8,8", "--output-dir", "{out}"), "--batch-sizes", "8"),
                c("duplicate batch size 8 8", PARSE,
                        List.of("throughput", "--batch-sizes", "8", "8", "--output-dir", "{out}"), "--batch-sizes", "8"),
                c("duplicate batch size 1,8 8", PARSE,
                        List.of("throughput", "--batch-sizes", "1,8", "8", "--output-dir", "{out}"), "--batch-sizes", "8"),
                c("batch size beyond the engine's max", ENGINE,
                        List.of("throughput", "--batch-sizes", "1", "100000", "--output-dir", "{out}"),
                        "--batch-sizes", "100000", "256"),
                // other throughput options
                c("max tokens 0", PARSE, List.of("throughput", "--max-tokens", "0", "--output-dir", "{out}"),
                        "--max-tokens", "'0'"),
                c("max tokens -5", PARSE, List.of("throughput", "--max-tokens", "-5", "--output-dir", "{out}"),
                        "--max-tokens", "'-5'"),
                c("max tokens beyond the engine's sequence length", ENGINE,
                        List.of("throughput", "--max-tokens", "5000", "--output-dir", "{out}"), "--max-tokens", "4096"),
                c("num prompts 0", PARSE, List.of("throughput", "--num-prompts", "0", "--output-dir", "{out}"),
                        "--num-prompts", "'0'"),
                c("prompt len bogus", PARSE, List.of("throughput", "--prompt-len", "bogus", "--output-dir", "{out}"),
                        "--prompt-len", "'bogus'"),
                c("prompt len 0", PARSE, List.of("throughput", "--prompt-len", "0", "--output-dir", "{out}"),
                        "--prompt-len", "'0'"),
                c("prompt len uniform min above max", PARSE,
                        List.of("throughput", "--prompt-len", "uniform:5,1", "--output-dir", "{out}"),
                        "--prompt-len", "'uniform:5,1'"),
                c("warmup 3x", PARSE, List.of("throughput", "--warmup", "3x", "--output-dir", "{out}"),
                        "--warmup", "'3x'"),
                c("jit warmup time first", PARSE, List.of("throughput", "--jit-warmup", "30s,5000", "--output-dir", "{out}"),
                        "--jit-warmup", "'30s,5000'", "5000,30s"),
                c("warmup too many steps", PARSE,
                        List.of("throughput", "--warmup", "99999999999999999999", "--output-dir", "{out}"),
                        "--warmup", "'99999999999999999999'"),
                c("seed abc", PARSE, List.of("throughput", "--seed", "abc", "--output-dir", "{out}"),
                        "--seed", "'abc'"),
                c("unknown option", PARSE, List.of("throughput", "--bogus", "--output-dir", "{out}"), "'--bogus'"),
                // engine choice and engine options
                c("unknown engine", PARSE, List.of("throughput", "--engine", "nosuch", "--output-dir", "{out}"),
                        "'nosuch'", "mock"),
                c("mock clock fast", ENGINE, List.of("throughput", "--mock-clock", "fast", "--output-dir", "{out}"),
                        "'fast'"),
                c("mock latency without key=value", PARSE,
                        List.of("throughput", "--mock-latency", "bogus", "--output-dir", "{out}"),
                        "--mock-latency", "'bogus'"),
                c("engine opt bogus=1", ENGINE,
                        List.of("throughput", "--engine-opt", "bogus=1", "--output-dir", "{out}"), "'bogus'"),
                c("engine opt without =", PARSE,
                        List.of("throughput", "--engine-opt", "noeq", "--output-dir", "{out}"), "--engine-opt", "noeq"),
                c("engine opt max-batch=0", ENGINE,
                        List.of("throughput", "--engine-opt", "max-batch=0", "--output-dir", "{out}"), "max-batch"),
                c("engine opt fail-at-batch=abc", ENGINE,
                        List.of("throughput", "--engine-opt", "fail-at-batch=abc", "--output-dir", "{out}"),
                        "fail-at-batch", "'abc'"),
                c("device cuda with the mock engine", ENGINE,
                        List.of("throughput", "--device", "cuda", "--output-dir", "{out}"), "--device cuda"),
                c("model with the mock engine", ENGINE,
                        List.of("throughput", "--model", "{tmp}/model.gguf", "--output-dir", "{out}"),
                        "--model {tmp}/model.gguf"),
                c("dtype with the mock engine", ENGINE,
                        List.of("throughput", "--dtype", "fp16", "--output-dir", "{out}"), "--dtype fp16"),
                c("native lib without the native engine", PARSE,
                        List.of("throughput", "--native-lib", "{tmp}/lib.so", "--output-dir", "{out}"),
                        "--native-lib", "--engine native"),
                c("native lib that does not exist", ENGINE,
                        List.of("throughput", "--engine", "native", "--native-lib", "{tmp}/libnone.so",
                                "--output-dir", "{out}"), "{tmp}/libnone.so"),
                c("native lib that is not a library", ENGINE,
                        List.of("throughput", "--engine", "native", "--native-lib", "{tmp}/file.txt",
                                "--output-dir", "{out}"), "{tmp}/file.txt"),
                c("native config the library rejects", ENGINE,
                        List.of("throughput", "--engine", "native", "--native-config", "colour=blue",
                                "--output-dir", "{out}"), "'colour'"),
                // --output-dir
                c("output dir under a regular file", ENGINE,
                        List.of("throughput", "--batch-sizes", "1", "--output-dir", "{tmp}/file.txt/sub"),
                        "{tmp}/file.txt/sub"),
                c("output dir is a regular file", ENGINE,
                        List.of("throughput", "--batch-sizes", "1", "--output-dir", "{tmp}/file.txt"),
                        "{tmp}/file.txt"),
                // latency
                c("latency batch size 0", PARSE, List.of("latency", "--batch-size", "0", "--output-dir", "{out}"),
                        "--batch-size", "'0'"),
                c("latency num runs 0", PARSE, List.of("latency", "--num-runs", "0", "--output-dir", "{out}"),
                        "--num-runs", "'0'"),
                c("latency num runs abc", PARSE, List.of("latency", "--num-runs", "abc", "--output-dir", "{out}"),
                        "--num-runs", "'abc'"),
                c("latency max tokens 0", PARSE, List.of("latency", "--max-tokens", "0", "--output-dir", "{out}"),
                        "--max-tokens", "'0'"),
                c("latency warmup 3x", PARSE, List.of("latency", "--warmup", "3x", "--output-dir", "{out}"),
                        "--warmup", "'3x'"),
                c("latency jit warmup 3x", PARSE, List.of("latency", "--jit-warmup", "3x", "--output-dir", "{out}"),
                        "--jit-warmup", "'3x'"),
                c("latency batch size beyond the engine's max", ENGINE,
                        List.of("latency", "--batch-size", "1000", "--output-dir", "{out}"),
                        "--batch-size", "1000", "256"),
                c("latency output dir under a regular file", ENGINE,
                        List.of("latency", "--num-runs", "1", "--output-dir", "{tmp}/file.txt/sub"),
                        "{tmp}/file.txt/sub"),
                // plot
                c("plot data that does not exist", PARSE,
                        List.of("plot", "--throughput-data", "{tmp}/does-not-exist.json", "--output-dir", "{out}"),
                        "{tmp}/does-not-exist.json"),
                c("plot data that is not JSON", PARSE,
                        List.of("plot", "--throughput-data", "{tmp}/not-json.json", "--output-dir", "{out}"),
                        "{tmp}/not-json.json"),
                c("plot latency data that is not JSON", PARSE,
                        List.of("plot", "--latency-data", "{tmp}/not-json.json", "--output-dir", "{out}"),
                        "{tmp}/not-json.json"),
                c("plot data that is JSON null", PARSE,
                        List.of("plot", "--throughput-data", "{tmp}/null.json", "--output-dir", "{out}"),
                        "{tmp}/null.json"),
                c("plot data that is a JSON array", PARSE,
                        List.of("plot", "--throughput-data", "{tmp}/array.json", "--output-dir", "{out}"),
                        "{tmp}/array.json"),
                c("plot data that is a directory", PARSE,
                        List.of("plot", "--throughput-data", "{tmp}", "--output-dir", "{out}"), "{tmp}"),
                c("plot output dir under a regular file", PARSE,
                        List.of("plot", "--throughput-data", "{tmp}/ok-throughput.json",
                                "--output-dir", "{tmp}/file.txt/sub"),
                        "{tmp}/file.txt/sub"),
                // surviving failures: --point-timeout, --resume
                c("point timeout 0", PARSE, List.of("throughput", "--point-timeout", "0", "--output-dir", "{out}"),
                        "--point-timeout", "'0'", "above zero"),
                c("point timeout without a unit", PARSE,
                        List.of("throughput", "--point-timeout", "30", "--output-dir", "{out}"), "--point-timeout", "'30'"),
                c("point timeout negative", PARSE,
                        List.of("latency", "--point-timeout", "-1s", "--output-dir", "{out}"), "--point-timeout", "'-1s'"),
                c("resume a directory that does not exist", PARSE,
                        List.of("throughput", "--resume", "{tmp}/nothing"), "--resume", "{tmp}/nothing"),
                c("resume a directory without run.json", PARSE,
                        List.of("latency", "--resume", "{tmp}"), "--resume", "run.json"),
                // the root command
                c("no command", PARSE, List.of(), "throughput"),
                c("unknown command", PARSE, List.of("bogus"), "'bogus'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userErrors")
    void userErrorIsOneLineAndExitTwo(String name, Case c) {
        Cli.Result r = runWritingNothing(expand(c.args()));
        String error = assertUserError(r, c);
        if (!c.engineTime()) {
            assertEquals(1, r.errLines().size(), () -> "an option error found before the engine is chosen "
                    + "must be the only line on stderr:\n" + r.describe());
        }
        assertTrue(error.startsWith("error: "), r::describe);
    }

    /** The same errors with the mock engine named: no auto note, so exactly one line. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("userErrors")
    void userErrorWithTheMockEngineNamedIsExactlyOneLine(String name, Case c) {
        List<String> args = new ArrayList<>(c.args());
        boolean benchmark = !args.isEmpty() && (args.getFirst().equals("throughput") || args.getFirst().equals("latency"));
        if (!benchmark || args.contains("--engine")) {
            return; // plot, the root command, and cases that name an engine themselves
        }
        args.addAll(1, List.of("--engine", "mock"));
        Cli.Result r = runWritingNothing(expand(args));
        assertUserError(r, c);
        assertEquals(1, r.errLines().size(), () -> "expected exactly one line on stderr:\n" + r.describe());
    }

    /** Checks exit 2, no stdout, no stack trace, the error as the last line naming the value; returns it. */
    private String assertUserError(Cli.Result r, Case c) {
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertEquals("", r.out(), () -> "stdout must be empty on a user error:\n" + r.describe());
        List<String> lines = r.errLines();
        assertFalse(lines.isEmpty(), () -> "no error on stderr:\n" + r.describe());
        assertTrue(lines.size() <= 2, () -> "more than the note and one error line:\n" + r.describe());
        if (lines.size() == 2) {
            assertTrue(c.engineTime(), () -> "a second line on an error found before the engine is chosen:\n"
                    + r.describe());
            assertTrue(lines.getFirst().startsWith(AUTO_NOTE_PREFIX),
                    () -> "the only line allowed before the error is the auto-engine note:\n" + r.describe());
        }
        String error = lines.getLast();
        assertTrue(error.startsWith("error: "), () -> "the last line must be the error:\n" + r.describe());
        Cli.assertNoStackTrace(r.err(), r.describe());
        for (String fragment : c.mustName()) {
            String expected = expand(fragment);
            assertTrue(error.contains(expected),
                    () -> "the error line does not name \"" + expected + "\":\n" + r.describe());
        }
        return error;
    }

    /** Runs and checks that nothing was created or changed in the temp dir or the working directory. */
    private Cli.Result runWritingNothing(String[] args) {
        List<String> before = Cli.tree(tmp);
        boolean cwdResultsBefore = Files.exists(Path.of("results"));
        Cli.Result r = Cli.run(args);
        assertEquals(before, Cli.tree(tmp), () -> "a user error wrote files:\n" + r.describe());
        if (!cwdResultsBefore) {
            assertFalse(Files.exists(Path.of("results")),
                    () -> "a user error created results/ in the working directory:\n" + r.describe());
        }
        return r;
    }

    private String[] expand(List<String> args) {
        return args.stream().map(this::expand).toArray(String[]::new);
    }

    private String expand(String s) {
        return s.replace("{out}", tmp.resolve("out").toString()).replace("{tmp}", tmp.toString());
    }

    // ---- run-time failures: exit 1 ----

    @Test
    void failedSweepPointExitsOneAndTheSweepGoesOn() {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("throughput", "--engine", "mock", "--engine-opt", "fail-at-batch=8",
                "--batch-sizes", "1", "8", "16", "--num-prompts", "16", "--max-tokens", "3", "-q",
                "--output-dir", out.toString());
        assertEquals(ExitCodes.FAILED, r.exit(), r::describe);
        assertEquals(1, r.errLines().size(), () -> "expected one error line:\n" + r.describe());
        String error = r.errLines().getFirst();
        assertTrue(error.startsWith("error: ") && error.contains("1 of 3"), r::describe);
        assertTrue(error.contains(out.resolve("throughput.json").toString()), r::describe);
        Cli.assertNoStackTrace(r.err(), r.describe());

        // The table and the results line are still printed.
        assertTrue(r.out().contains("FAILED"), r::describe);
        assertTrue(r.out().contains("results: " + out), r::describe);

        JsonNode t = Cli.json(out.resolve("throughput.json"));
        assertEquals(List.of("1", "8", "16"), fieldNames(t));
        JsonNode failed = t.get("8");
        assertAll(
                () -> assertEquals("failed", failed.path("status").asText()),
                () -> assertEquals(8, failed.path("batch_size").asInt()),
                () -> assertFalse(failed.path("error").asText().isBlank(), "a failed point records its error"),
                () -> assertTrue(failed.path("error").asText().contains("fail-at-batch=8"), failed::toString),
                () -> assertTrue(failed.path("total_tokens").isMissingNode(), "a failed point has no figures"));
        for (String ok : List.of("1", "16")) {
            JsonNode p = t.get(ok);
            assertEquals("ok", p.path("status").asText(), p::toString);
            assertEquals(48, p.path("total_tokens").asLong(), p::toString);
            assertTrue(p.path("error").isMissingNode(), p::toString);
        }
        assertEquals("partial", Cli.json(out.resolve("run.json")).path("status").asText());
        assertTrue(Files.isRegularFile(out.resolve("SUMMARY.txt")));
        assertEquals(List.of(), Cli.dotFiles(out));
    }

    @Test
    void sweepWhoseEveryPointFailsExitsOneWithStatusFailed() {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("throughput", "--engine", "mock", "--engine-opt", "fail-at-batch=8",
                "--batch-sizes", "8", "--num-prompts", "8", "--max-tokens", "2", "-q", "--output-dir", out.toString());
        assertEquals(ExitCodes.FAILED, r.exit(), r::describe);
        assertEquals(1, r.errLines().size(), r::describe);
        assertTrue(r.errLines().getFirst().contains("1 of 1"), r::describe);
        Cli.assertNoStackTrace(r.err(), r.describe());
        assertEquals("failed", Cli.json(out.resolve("throughput.json")).path("8").path("status").asText());
        assertEquals("failed", Cli.json(out.resolve("run.json")).path("status").asText());
    }

    // ---- help and version: exit 0 ----

    static Stream<Arguments> helps() {
        List<String> runOptions = List.of("--prompt-len", "--warmup", "--jit-warmup", "--seed", "--output-dir", "--quiet",
                "--engine", "--device", "--model", "--dtype", "--engine-opt", "--mock-clock", "--mock-latency",
                "--point-timeout", "--resume", "--help", "--version");
        return Stream.of(
                Arguments.of(List.of("--help"), List.of("throughput", "latency", "plot", "engines", "--help", "--version")),
                Arguments.of(List.of("-h"), List.of("throughput", "latency", "plot", "engines")),
                Arguments.of(List.of("throughput", "--help"),
                        concat(List.of("--batch-sizes", "--num-prompts", "--max-tokens"), runOptions)),
                Arguments.of(List.of("help", "throughput"),
                        concat(List.of("--batch-sizes", "--num-prompts", "--max-tokens"), runOptions)),
                Arguments.of(List.of("latency", "--help"),
                        concat(List.of("--num-runs", "--max-tokens", "--batch-size"), runOptions)),
                Arguments.of(List.of("plot", "--help"),
                        List.of("--throughput-data", "--latency-data", "--output-dir", "--help")),
                Arguments.of(List.of("engines", "--help"), List.of("--help", "--version")));
    }

    @ParameterizedTest(name = "harness {0}")
    @MethodSource("helps")
    void helpExitsZeroAndListsTheOptions(List<String> args, List<String> options) {
        Cli.Result r = runWritingNothing(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        assertEquals("", r.err(), r::describe);
        assertTrue(r.out().contains("Usage:"), r::describe);
        for (String option : options) {
            assertTrue(r.out().contains(option), () -> "help does not list " + option + ":\n" + r.describe());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void versionNamesTheHarness(String flag) {
        Cli.Result r = runWritingNothing(new String[] {flag});
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        assertEquals("", r.err(), r::describe);
        assertTrue(r.out().startsWith("jharness "), r::describe);
        assertTrue(r.out().contains("Java "), r::describe);
    }

    // ---- bugs found while writing these tests, fixed ----

    @Test
    void sequenceTooLongNamesTheRealPromptLength() {
        Cli.Result r = runWritingNothing(expand(List.of("throughput", "--engine", "mock", "--prompt-len", "128",
                "--max-tokens", "5000", "--output-dir", "{out}")));
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertTrue(r.err().contains("128") && r.err().contains("5000"), r::describe);
        assertFalse(r.err().contains("5127"), r::describe);
    }

    @Test
    void plotRejectsAThroughputFileGivenAsLatencyData() {
        Path out = tmp.resolve("run");
        Cli.Result run = Cli.run("throughput", "--engine", "mock", "--batch-sizes", "1", "--num-prompts", "2",
                "--max-tokens", "2", "-q", "--output-dir", out.toString());
        assertEquals(ExitCodes.OK, run.exit(), run::describe);
        Cli.Result r = runWritingNothing(new String[] {"plot", "--latency-data", out.resolve("throughput.json").toString(),
                "--output-dir", tmp.resolve("plots").toString()});
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
    }

    @Test
    void unreadableResultFileErrorHasNoJavaTypeNames() {
        Cli.Result r = runWritingNothing(expand(List.of("plot", "--throughput-data", "{tmp}/array.json",
                "--output-dir", "{out}")));
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertFalse(r.err().contains("java.") || r.err().contains("io.jharness."), r::describe);
    }

    @Test
    void hugeLatencyWorkloadIsAUsageError() {
        Cli.Result r = Cli.run(expand(List.of("latency", "--engine", "mock", "--num-runs", "1000000000",
                "--batch-size", "8", "--max-tokens", "1", "-q", "--output-dir", "{out}")));
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertFalse(Files.exists(tmp.resolve("out")), "a rejected run leaves no output directory");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        assertNotNull(names);
        return names;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
