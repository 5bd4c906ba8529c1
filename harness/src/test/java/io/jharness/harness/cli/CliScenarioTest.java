package io.jharness.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jharness.harness.scenario.ResolvedScenario;
import io.jharness.harness.scenario.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code harness run FILE}: the shipped examples, errors with their lines, overrides, and the
 * resolved scenario a run saves, run again. The mock engine on its virtual clock throughout.
 */
class CliScenarioTest {

    private static final Path EXAMPLES = Path.of("..", "models", "scenarios");

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    /** The data file of each workload, which a rerun must reproduce byte for byte. */
    private static final java.util.Map<String, String> DATA = java.util.Map.of(
            "throughput", "throughput.json", "latency", "latency.json", "serve", "serve_sweep.json");

    @TempDir
    Path tmp;

    private Path file(String name, String yaml) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        assertEquals("", r.err(), r::describe);
        return r;
    }

    // ---- the examples, and running a resolved scenario again ----

    static Stream<Arguments> examples() {
        return Stream.of(Arguments.of("throughput"), Arguments.of("latency"), Arguments.of("serve"));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void eachExampleRunsAndItsResolvedScenarioRunsTheSameAgain(String workload) {
        Path example = EXAMPLES.resolve(workload + ".yaml");
        Path first = tmp.resolve("first");
        Cli.Result r = ok("run", example.toString(), "--output-dir", first.toString());
        assertTrue(r.out().contains("results: " + first), r::describe);
        assertTrue(r.out().contains("scenario.yaml"), "the file is listed with the results:\n" + r.describe());
        JsonNode run = Cli.json(first.resolve("run.json"));
        assertEquals(workload, run.path("workload").asText());
        assertEquals("mock", run.at("/engine/engine").asText());
        assertTrue(run.path("command").asText().startsWith("harness " + workload + " --engine=mock"),
                "run.json holds the equivalent command: " + run.path("command"));

        String resolved = Cli.read(first.resolve(ResolvedScenario.FILE));
        assertTrue(resolved.contains("\nsource: " + example + "\n"), resolved);
        assertTrue(resolved.contains("\nworkload: " + workload + "\n"), resolved);

        Path second = tmp.resolve("second");
        ok("run", first.resolve(ResolvedScenario.FILE).toString(), "--output-dir", second.toString());
        JsonNode again = Cli.json(second.resolve("run.json"));
        assertEquals(run.path("config"), again.path("config"), "the same config");
        assertEquals(Cli.read(first.resolve(DATA.get(workload))), Cli.read(second.resolve(DATA.get(workload))),
                "the mock's virtual clock is deterministic: the same scenario gives the same figures");
        // The second resolved scenario differs only where it came from and where it went.
        assertEquals(resolved.replace(example.toString(), "SOURCE").replace(first.toString(), "OUT"),
                Cli.read(second.resolve(ResolvedScenario.FILE))
                        .replace(first.resolve(ResolvedScenario.FILE).toString(), "SOURCE")
                        .replace(second.toString(), "OUT"));
    }

    @Test
    void theResolvedScenarioHasEveryOptionOfTheWorkloadWithItsDefault() throws IOException {
        Path s = file("s.yaml", "workload: latency\nengine: mock\nnum-runs: 3\n");
        Path out = tmp.resolve("out");
        ok("run", s.toString(), "--output-dir", out.toString(), "-q");
        String resolved = Cli.read(out.resolve(ResolvedScenario.FILE));
        CommandLine latency = HarnessCli.commandLine(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()))
                .getSubcommands().get("latency");
        for (CommandLine.Model.OptionSpec o : latency.getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                assertTrue(resolved.contains("\n" + o.longestName().substring(2) + ":"), o.longestName() + " in\n" + resolved);
            }
        }
        assertTrue(resolved.contains("\nnum-runs: 3\n"), resolved);
        assertTrue(resolved.contains("\nmax-tokens: 50\n"), "a default:\n" + resolved);
        assertTrue(resolved.contains("\nquiet: true\n"), "an override:\n" + resolved);
        assertTrue(resolved.contains("\ndevice: null\n"), "not set:\n" + resolved);
    }

    @Test
    void goldenResolvedScenario() throws IOException {
        Supplier<CommandLine> root = () -> HarnessCli.commandLine(new PrintWriter(Writer.nullWriter()),
                new PrintWriter(Writer.nullWriter()));
        Scenario scenario = Scenario.parse("""
                workload: throughput
                engine: mock
                batch-sizes: [1, 8, 16]
                prompt-len: uniform:32,128
                engine-opt: {fail-at-batch: 16}
                mock-latency: step=4ms,per-seq=15us
                warmup: 2s
                """, "scenario-golden.yaml", root, RunCommand.WORKLOADS)
                .withOverrides(List.of("--max-tokens", "64", "-q"), root);
        String actual = ResolvedScenario.of(root.get(), scenario.arguments(), "scenario-golden.yaml");
        Path golden = GOLDEN.resolve("scenario.yaml");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual);
        }
        assertEquals(Files.readString(golden), actual, "differs from golden file " + golden);
    }

    // ---- overrides ----

    @Test
    void optionsAfterTheFileWinAndReplaceListsAndMapsWhole() throws IOException {
        Path s = file("s.yaml", """
                workload: throughput
                engine: mock
                batch-sizes: [1, 8, 16]
                num-prompts: 16
                max-tokens: 8
                engine-opt: {fail-at-batch: 16}
                """);
        Path out = tmp.resolve("out");
        ok("run", s.toString(), "--batch-sizes", "2", "4", "--max-tokens", "3", "--engine-opt", "max-batch=256",
                "--output-dir", out.toString(), "-q");
        JsonNode config = Cli.json(out.resolve("run.json")).path("config");
        assertEquals("[2,4]", config.path("batch_sizes").toString());
        assertEquals(3, config.path("max_tokens").asInt(), "the override");
        assertEquals(16, config.path("num_prompts").asInt(), "the file, where nothing overrides it");
        assertEquals("{\"max-batch\":\"256\"}", config.path("engine_options").toString(),
                "the file's fail-at-batch is gone: an override replaces the whole map");
        assertEquals(List.of("2", "4"), Cli.json(out.resolve("throughput.json")).properties().stream()
                .map(java.util.Map.Entry::getKey).toList());
        String resolved = Cli.read(out.resolve(ResolvedScenario.FILE));
        assertTrue(resolved.contains("\nbatch-sizes:\n  - 2\n  - 4\nnum-prompts: 16\nmax-tokens: 3\n"), resolved);
    }

    // ---- errors: one line, exit 2, the key and its line, nothing written ----

    static Stream<Arguments> badScenarios() {
        return Stream.of(
                Arguments.of("unknown key", "workload: throughput\nengine: mock\nbatch_sizes: [1, 8]\n",
                        "line 3, column 1: unknown key 'batch_sizes' for workload throughput; did you mean 'batch-sizes'? "
                                + "(the keys are the long options of 'harness throughput --help', without the dashes)"),
                Arguments.of("a map where a list goes", "workload: throughput\nbatch-sizes: {one: 1}\n",
                        "line 2, column 14: 'batch-sizes' must be a list, e.g. [1, 8, 16], or a single value, not a mapping"),
                Arguments.of("a list where one value goes", "workload: latency\n\nmax-tokens:\n  - 1\n  - 2\n",
                        "line 4, column 3: 'max-tokens' must be a single value, not a list"),
                Arguments.of("a flag that is not true or false", "workload: serve\nfind-max-rate: 1\n",
                        "line 2, column 16: 'find-max-rate' must be true or false, not '1'"),
                Arguments.of("a bad value in a list", "workload: throughput\nbatch-sizes: [1, 0, 8]\n",
                        "line 2, column 18: batch-sizes: '0' is not allowed; give a whole number >= 1"),
                Arguments.of("a bad value", "workload: serve\nengine: mock\ninput-len: uniform:5\n",
                        "line 3, column 12: input-len: 'uniform:5' is not allowed; use N, fixed:N, uniform:MIN,MAX, "
                                + "normal:MEAN,STD or exponential:MEAN with whole numbers >= 1"),
                Arguments.of("a bad value in a map", "workload: serve\nslo: ttft=fast\n",
                        "line 2, column 6: slo: ttft: 'fast' is not a duration; write a number and a unit (ns, us, ms, s, m), e.g. 4ms"),
                Arguments.of("the workload missing", "# no workload\nengine: mock\nbatch-sizes: [1]\n",
                        "line 2, column 1: 'workload' is missing; add workload: throughput, latency or serve"),
                Arguments.of("an unknown workload", "engine: mock\nworkload: thruput\n",
                        "line 2, column 11: unknown workload 'thruput'; did you mean 'throughput'? "
                                + "(expected one of: throughput, latency, serve)"),
                Arguments.of("a YAML syntax error", "workload: throughput\nbatch-sizes: [1, 8\nmax-tokens: 8\n",
                        "line 3, column 11: not valid YAML: while parsing a flow sequence; expected ',' or ']', but got :"),
                Arguments.of("a key twice", "workload: throughput\nseed: 1\nmax-tokens: 2\nseed: 3\n",
                        "line 4, column 1: key 'seed' appears twice (first at line 2, column 1); give each key once"),
                Arguments.of("a workload check on a key", "workload: throughput\nengine: mock\nbatch-sizes: [8, 1, 8]\n",
                        "line 3, column 1: batch-sizes: --batch-sizes lists 8 twice; give each batch size once"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badScenarios")
    void errorsAreOneLineWithTheKeyAndItsLine(String kind, String yaml, String expected) throws IOException {
        Path s = file("bad.yaml", yaml);
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("run", s.toString(), "--output-dir", out.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertEquals(List.of("error: " + s + " " + expected), r.errLines(), r::describe);
        assertEquals("", r.out(), r::describe);
        Cli.assertNoStackTrace(r.err(), r.describe());
        assertFalse(Files.exists(out), "nothing written:\n" + r.describe());
    }

    @Test
    void badOverridesAndMissingFilesAreOneLineToo() throws IOException {
        Path s = file("s.yaml", "workload: throughput\nengine: mock\n");
        Cli.Result r = Cli.run("run", s.toString(), "--batch-sizes", "x");
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertEquals(List.of("error: Invalid value for option '--batch-sizes' at index 0 (N): 'x' is not allowed; "
                + "give a whole number >= 1 (in the options after " + s + "; see 'harness throughput --help')"), r.errLines());

        r = Cli.run("run", s.toString(), "--num-runs", "3");
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertEquals(List.of("error: Unknown options: '--num-runs', '3' (in the options after " + s
                + "; see 'harness throughput --help')"), r.errLines());

        Path missing = tmp.resolve("missing.yaml");
        r = Cli.run("run", missing.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertEquals(List.of("error: scenario file " + missing + " does not exist or is not a file"), r.errLines());

        r = Cli.run("run");
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertEquals(List.of("error: Missing required parameter: 'FILE' (see 'harness run --help')"), r.errLines());
    }

    @Test
    void errorsFoundOnlyAgainstTheEngineAreOneLineWithoutAGuessedLine() throws IOException {
        Path s = file("s.yaml", "workload: latency\nengine: nosuch\n");
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("run", s.toString(), "--output-dir", out.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertEquals(List.of("error: unknown engine 'nosuch'; available: auto, mock, djl, native"), r.errLines());

        // 128-token prompts and 128 new tokens do not fit a 64-token sequence: about several keys at once.
        s = file("s.yaml", "workload: throughput\nengine: mock\nengine-opt: {max-seq-len: 64}\n");
        r = Cli.run("run", s.toString(), "--output-dir", out.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertEquals(List.of("error: prompts of up to 128 tokens plus --max-tokens 128 need sequences of 256 tokens; "
                + "the 'mock' engine allows at most 64"), r.errLines());
        assertFalse(Files.exists(out), "nothing written:\n" + r.describe());
    }
}
