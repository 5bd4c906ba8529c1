package io.jharness.harness.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The scenario a run actually ran, as a scenario file: {@code source}, {@code workload} and every
 * option of the workload's command, defaults included, as picocli parsed them. Values are the
 * option's strings before conversion (what was typed, or the default), so reading the file back
 * through the same converters gives the same run. An option with no value is {@code null}
 * ("not set"), a flag is {@code true}/{@code false}.
 */
public final class ResolvedScenario {

    /** The file's name in a results directory. */
    public static final String FILE = "scenario.yaml";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private ResolvedScenario() {}

    /**
     * Parses a workload's arguments as {@code harness} would and returns the resolved scenario.
     *
     * @param root      a fresh {@code harness} command line
     * @param arguments the workload's name, then its options
     * @param source    the scenario file the run came from, as the user named it
     */
    public static String of(CommandLine root, List<String> arguments, String source) {
        CommandLine.ParseResult parsed = root.parseArgs(arguments.toArray(String[]::new));
        CommandSpec command = parsed.subcommand().commandSpec();
        return yaml(values(command, source), source);
    }

    /** {@code source}, {@code workload}, then every option's key and value, in the command's order. */
    static Map<String, Object> values(CommandSpec command, String source) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(Scenario.SOURCE, source);
        m.put(Scenario.WORKLOAD, command.name());
        OptionKeys keys = OptionKeys.of(command);
        for (String key : keys.keys()) {
            m.put(key, value(keys.option(key)));
        }
        return m;
    }

    private static Object value(OptionSpec o) {
        if (o.arity().max() == 0) {
            return Boolean.TRUE.equals(o.getValue());
        }
        if (o.typeInfo().isMap()) {
            Map<?, ?> typed = o.getValue();
            Map<String, String> m = new LinkedHashMap<>();
            if (typed != null) {
                typed.forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
            }
            return m;
        }
        List<String> strings = new ArrayList<>(o.stringValues());
        if (strings.isEmpty() && o.defaultValue() != null) {
            strings.add(o.defaultValue());
        }
        if (strings.isEmpty()) {
            // Not given, no default: the field's initial value (null, or an empty list).
            Object initial = o.getValue();
            if (initial instanceof Collection<?> c) {
                c.forEach(v -> strings.add(String.valueOf(v)));
                return strings;
            }
            return initial == null ? null : String.valueOf(initial);
        }
        if (!o.isMultiValue()) {
            return strings.getLast();
        }
        List<String> items = new ArrayList<>();
        for (String s : strings) {
            items.addAll(o.splitRegex().isEmpty() ? List.of(s) : Arrays.asList(s.split(o.splitRegex())));
        }
        return items;
    }

    private static String yaml(Map<String, Object> values, String source) {
        try {
            return "# The scenario this run ran: every option of 'harness " + values.get(Scenario.WORKLOAD)
                    + "', defaults included (null: not set).\n"
                    + "# Resolved from " + source + " and any options after it; run it again with:\n"
                    + "#   harness run <this file>\n"
                    + YAML.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
