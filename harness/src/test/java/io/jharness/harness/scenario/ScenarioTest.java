package io.jharness.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jharness.harness.config.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The mapping from scenario keys to options, on a command made up here: nothing in
 * {@link Scenario} knows its options, so this shows that any option, added any time, has its key.
 */
class ScenarioTest {

    /** A workload command with one option of every shape. */
    @Command(name = "work", mixinStandardHelpOptions = true)
    static final class Work implements Runnable {
        @Option(names = "--sizes", split = ",", arity = "1..*", defaultValue = "2,4", converter = Even.class)
        List<Integer> sizes;

        @Option(names = "--name", defaultValue = "plain")
        String name;

        @Option(names = "--ratio")
        Double ratio;

        @Option(names = "--opt")
        Map<String, String> opts = new LinkedHashMap<>();

        @Option(names = {"-v", "--verbose"})
        boolean verbose;

        @Option(names = "--tags")
        List<String> tags = new ArrayList<>();

        @Override
        public void run() {}
    }

    /** Even numbers only, with a message of its own, to see it come through. */
    static final class Even implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int v = Integer.parseInt(value);
            if (v % 2 != 0) {
                throw new TypeConversionException("'" + value + "' is odd; give an even number");
            }
            return v;
        }
    }

    @Command(name = "root", subcommands = Work.class)
    static final class Root implements Runnable {
        @Override
        public void run() {}
    }

    private static final Supplier<CommandLine> ROOT = () -> new CommandLine(new Root());

    private static Scenario parse(String yaml) {
        return Scenario.parse(yaml, "s.yaml", ROOT, List.of("work", "other"));
    }

    private static String error(String yaml) {
        return assertThrows(UsageException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void everyShapeOfOptionBecomesItsArguments() {
        Scenario s = parse("""
                workload: work
                sizes: [2, 4]
                name: -dash
                ratio: 1.50
                opt: {a: 1, b: x=y}
                verbose: true
                tags: one
                """);
        assertEquals("work", s.workload());
        assertEquals(List.of("work", "--sizes=2", "--sizes=4", "--name=-dash", "--ratio=1.50", "--opt=a=1", "--opt=b=x=y",
                "--verbose", "--tags=one"), s.arguments());
    }

    @Test
    void nullAndFalseLeaveTheDefault() {
        Scenario s = parse("""
                workload: work
                name: ~
                ratio:
                verbose: false
                opt: {}
                tags: []
                """);
        assertEquals(List.of("work"), s.arguments());
    }

    @Test
    void aListOptionTakesOneValueWhichItMaySplitItself() {
        assertEquals(List.of("work", "--sizes=6,8"), parse("workload: work\nsizes: \"6,8\"\n").arguments());
    }

    @Test
    void theOptionsOwnConverterJudgesEachValueAtItsColumn() {
        assertEquals("s.yaml line 2, column 12: sizes: '3' is odd; give an even number",
                error("workload: work\nsizes: [2, 3]\n"));
        assertEquals("s.yaml line 2, column 8: ratio: 'fast' is not a double", error("workload: work\nratio: fast\n"));
    }

    @Test
    void wrongShapesAreNamedWithTheirLine() {
        assertEquals("s.yaml line 3, column 8: 'sizes' must be a list, e.g. [1, 8, 16], or a single value, not a mapping",
                error("workload: work\n\nsizes: {a: 2}\n"));
        assertEquals("s.yaml line 2, column 7: 'name' must be a single value, not a list", error("workload: work\nname: [a]\n"));
        assertEquals("s.yaml line 2, column 6: 'opt' must be a mapping of key: value, e.g. {max-batch: 64}, not a list",
                error("workload: work\nopt: [a=1]\n"));
        assertEquals("s.yaml line 2, column 10: 'verbose' must be true or false, not 'yes please'",
                error("workload: work\nverbose: yes please\n"));
        assertEquals("s.yaml line 2, column 9: 'sizes' must be a list of single values, not a list",
                error("workload: work\nsizes: [[2]]\n"));
    }

    @Test
    void unknownKeysGetTheClosestKey() {
        assertEquals("s.yaml line 2, column 1: unknown key 'size' for workload work; did you mean 'sizes'? "
                + "(the keys are the long options of 'harness work --help', without the dashes)", error("workload: work\nsize: 2\n"));
        // Far from every key: no guess.
        assertEquals("s.yaml line 2, column 1: unknown key 'temperature' for workload work "
                + "(the keys are the long options of 'harness work --help', without the dashes)",
                error("workload: work\ntemperature: 2\n"));
        // Help and version are not keys.
        assertEquals("s.yaml line 2, column 1: unknown key 'help' for workload work "
                + "(the keys are the long options of 'harness work --help', without the dashes)",
                error("workload: work\nhelp: true\n"));
    }

    @Test
    void theWorkloadMustBeThereAndKnown() {
        assertEquals("s.yaml line 1, column 1: 'workload' is missing; add workload: work or other", error("name: x\n"));
        assertEquals("s.yaml line 2, column 11: unknown workload 'wrk'; did you mean 'work'? (expected one of: work, other)",
                error("name: x\nworkload: wrk\n"));
        assertEquals("s.yaml line 1, column 11: 'workload' must be one of work, other, not a list", error("workload: [work]\n"));
        assertEquals("s.yaml is empty: a scenario needs at least workload: work or other", error("# nothing\n"));
        assertEquals("s.yaml line 1, column 1: expected a mapping of key: value (workload: work or other, then its options), "
                + "not a list", error("- work\n"));
    }

    @Test
    void syntaxErrorsAndDuplicatesHaveTheirLine() {
        assertEquals("s.yaml line 3, column 5: not valid YAML: while parsing a flow sequence; expected ',' or ']', but got :",
                error("workload: work\nsizes: [2, 4\nname: x\n"));
        assertEquals("s.yaml line 3, column 1: key 'name' appears twice (first at line 2, column 1); give each key once",
                error("workload: work\nname: a\nname: b\n"));
    }

    @Test
    void overridesReplaceTheWholeValueOfTheirKey() {
        Scenario s = parse("workload: work\nsizes: [2, 4]\nname: n\nopt: {a: 1}\n")
                .withOverrides(List.of("--sizes", "8", "--opt", "b=2"), ROOT);
        assertEquals(List.of("work", "--name=n", "--sizes", "8", "--opt", "b=2"), s.arguments());
        UsageException e = assertThrows(UsageException.class,
                () -> parse("workload: work\n").withOverrides(List.of("--sizes", "3"), ROOT));
        assertEquals("Invalid value for option '--sizes' at index 0 (<sizes>): '3' is odd; give an even number "
                + "(in the options after s.yaml; see 'harness work --help')", e.getMessage());
    }

    @Test
    void laterFailuresThatNameAKeyGetItsLine() {
        Scenario s = parse("workload: work\nname: nosuch\nsizes: [2, 2]\n");
        assertEquals("s.yaml line 3, column 1: sizes: --sizes lists 2 twice",
                s.locate(new UsageException("--sizes lists 2 twice")).getMessage());
        // Not naming its option first, not about a key of the file, or about an overridden one: as it was.
        assertEquals("unknown engine 'nosuch'", s.locate(new UsageException("unknown engine 'nosuch'")).getMessage());
        assertEquals("--ratio is wrong", s.locate(new UsageException("--ratio is wrong")).getMessage());
        assertEquals("--sizes lists 4 twice", s.withOverrides(List.of("--sizes", "4,4"), ROOT)
                .locate(new UsageException("--sizes lists 4 twice")).getMessage());
    }

    @Test
    void theResolvedScenarioHasEveryOptionAndReadsBackToTheSameArguments() {
        Scenario s = parse("workload: work\nratio: 0.25\nopt: {a: 1}\ntags: [x, y]\n").withOverrides(List.of("-v"), ROOT);
        String resolved = ResolvedScenario.of(ROOT.get(), s.arguments(), "s.yaml");
        Map<String, Object> values = ResolvedScenario.values(ROOT.get().parseArgs(s.arguments().toArray(String[]::new))
                .subcommand().commandSpec(), "s.yaml");
        assertEquals(List.of("source", "workload", "sizes", "name", "ratio", "opt", "verbose", "tags"),
                List.copyOf(values.keySet()));
        assertEquals(List.of("2", "4"), values.get("sizes"), "the default, split as the option splits");
        assertEquals("plain", values.get("name"));
        assertEquals("0.25", values.get("ratio"), "as written, before conversion");
        assertEquals(Map.of("a", "1"), values.get("opt"));
        assertEquals(true, values.get("verbose"));
        assertEquals(List.of("x", "y"), values.get("tags"));
        Scenario again = parse(resolved);
        assertEquals(ResolvedScenario.of(ROOT.get(), again.arguments(), "s.yaml"), resolved);
        assertEquals(List.of("work", "--sizes=2", "--sizes=4", "--name=plain", "--ratio=0.25", "--opt=a=1", "--verbose",
                "--tags=x", "--tags=y"), again.arguments());
    }

    @Test
    void closestKeyIsWithinAThirdOfTheName() {
        assertEquals(Optional.of("batch-sizes"), OptionKeys.closest("batch_sizes", List.of("batch-size", "batch-sizes")));
        assertEquals(Optional.empty(), OptionKeys.closest("seeds-of-doubt", List.of("seed")));
    }
}
