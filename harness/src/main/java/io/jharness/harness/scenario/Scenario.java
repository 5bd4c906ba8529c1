package io.jharness.harness.scenario;

import io.jharness.engine.EngineConfigException;
import io.jharness.harness.config.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * A scenario file, checked against its workload's command: the workload, and each key's
 * command-line arguments with the line they came from.
 *
 * <p>The file is one YAML mapping: {@code workload: throughput|latency|serve}, and for any
 * option of that command its long name without the dashes as the key ({@code batch-sizes: [1,
 * 8]}). Keys come from the command's picocli model, so an option added later has its key at
 * once, and every value goes through the option's own converter: the same checks and messages
 * as on the command line, with the file's line and column in front.
 */
public final class Scenario {

    /** The key that picks the workload's command. */
    public static final String WORKLOAD = "workload";

    /** The key a resolved scenario names its source file with; read and ignored. */
    public static final String SOURCE = "source";

    /** "Invalid value for option '--x' (N): " in front of a converter's message. */
    private static final Pattern INVALID_VALUE = Pattern.compile("^Invalid value for option '[^']*'(?: at index \\d+)?(?: \\([^)]*\\))?: ");

    /** A message that starts with an option's name, as the configs' checks write them. */
    private static final Pattern LEADING_OPTION = Pattern.compile("^(--[a-z0-9][a-z0-9-]*)\\b");

    /** One key of the file: its option's arguments, and where the key is. */
    private record Setting(String key, YamlNode.Location location, List<String> args) {}

    private final String file;
    private final String workload;
    private final Map<String, Setting> settings;
    private final List<String> overrides;
    private final Set<String> overridden;

    private Scenario(String file, String workload, Map<String, Setting> settings, List<String> overrides,
            Set<String> overridden) {
        this.file = file;
        this.workload = workload;
        this.settings = settings;
        this.overrides = List.copyOf(overrides);
        this.overridden = Set.copyOf(overridden);
    }

    /**
     * Reads and checks a scenario file.
     *
     * @param root      makes a fresh {@code harness} command line, to find the workload's command
     *                  and to run its converters
     * @param workloads the commands a scenario may pick
     * @throws UsageException one line naming the key, its line and column, and what is allowed
     */
    public static Scenario read(Path path, Supplier<CommandLine> root, List<String> workloads) {
        if (!Files.isRegularFile(path)) {
            throw new UsageException("scenario file " + path + " does not exist or is not a file");
        }
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new UsageException("cannot read scenario file " + path + ": " + e.getMessage());
        }
        return parse(text, path.toString(), root, workloads);
    }

    /** {@link #read}, from text; {@code file} is what messages call it. */
    public static Scenario parse(String text, String file, Supplier<CommandLine> root, List<String> workloads) {
        YamlNode doc = YamlReader.read(text, file);
        String expectedWorkload = "workload: " + String.join(", ", workloads.subList(0, workloads.size() - 1))
                + " or " + workloads.getLast();
        if (doc == null) {
            throw new UsageException(file + " is empty: a scenario needs at least " + expectedWorkload);
        }
        if (!(doc instanceof YamlNode.Mapping top)) {
            throw new UsageException(YamlReader.at(file, doc.location(),
                    "expected a mapping of key: value (" + expectedWorkload + ", then its options), not " + doc.kind()));
        }
        YamlNode.Entry workloadEntry = top.entries().stream().filter(e -> e.key().equals(WORKLOAD)).findFirst()
                .orElseThrow(() -> new UsageException(YamlReader.at(file, top.location(),
                        "'" + WORKLOAD + "' is missing; add " + expectedWorkload)));
        String workload = workload(file, workloadEntry, workloads);

        CommandLine cl = root.get();
        CommandSpec command = cl.getSubcommands().get(workload).getCommandSpec();
        OptionKeys keys = OptionKeys.of(command);
        for (String reserved : List.of(WORKLOAD, SOURCE)) {
            if (keys.option(reserved) != null) {
                throw new IllegalStateException("harness " + workload + " has an option --" + reserved
                        + ", which a scenario file cannot set: the key is reserved");
            }
        }
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (YamlNode.Entry entry : top.entries()) {
            if (entry.key().equals(WORKLOAD)) {
                continue;
            }
            if (entry.key().equals(SOURCE)) {
                if (!(entry.value() instanceof YamlNode.Scalar)) {
                    throw new UsageException(YamlReader.at(file, entry.value().location(),
                            "'" + SOURCE + "' must be a file name, not " + entry.value().kind()));
                }
                continue;
            }
            OptionSpec option = keys.option(entry.key());
            if (option == null) {
                throw new UsageException(YamlReader.at(file, entry.location(), "unknown key '" + entry.key()
                        + "' for workload " + workload
                        + keys.closest(entry.key()).map(k -> "; did you mean '" + k + "'?").orElse("")
                        + " (the keys are the long options of 'harness " + workload + " --help', without the dashes)"));
            }
            List<OptionArguments.Argument> args = OptionArguments.of(option, entry, file);
            for (OptionArguments.Argument a : args) {
                convert(cl, workload, List.of(a.token()), file, a.location(), entry.key());
            }
            List<String> tokens = args.stream().map(OptionArguments.Argument::token).toList();
            // Each value passed alone; together they may still break a rule of the option's own.
            convert(cl, workload, tokens, file, entry.value().location(), entry.key());
            settings.put(entry.key(), new Setting(entry.key(), entry.location(), tokens));
        }
        return new Scenario(file, workload, settings, List.of(), Set.of());
    }

    /** The file as its messages name it. */
    public String file() {
        return file;
    }

    /** The command this scenario runs: throughput, latency or serve. */
    public String workload() {
        return workload;
    }

    /**
     * This scenario with options from the command line after the file. An option they give is
     * left out of the file's settings entirely, so the command line wins, and for a list or a map
     * it replaces the whole value rather than adding to it.
     *
     * @throws UsageException when an override is not an option of the workload or its value is bad
     */
    public Scenario withOverrides(List<String> overrides, Supplier<CommandLine> root) {
        List<String> args = new ArrayList<>();
        args.add(workload);
        args.addAll(overrides);
        Set<String> keys;
        try {
            CommandLine.ParseResult parsed = root.get().parseArgs(args.toArray(String[]::new));
            keys = parsed.subcommand().matchedOptions().stream().map(OptionKeys::key).collect(Collectors.toSet());
        } catch (ParameterException e) {
            throw new UsageException(e.getMessage() + " (in the options after " + file
                    + "; see 'harness " + workload + " --help')");
        }
        return new Scenario(file, workload, settings, overrides, keys);
    }

    /** The keys the command line overrides. */
    public Set<String> overridden() {
        return overridden;
    }

    /** The command's arguments: {@code workload}, the file's settings not overridden, then the overrides. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        args.add(workload);
        for (Setting s : settings.values()) {
            if (!overridden.contains(s.key())) {
                args.addAll(s.args());
            }
        }
        args.addAll(overrides);
        return args;
    }

    /**
     * A user error found only when the workload ran, with the line of the key it is about in
     * front, when its message starts with an option this file set ({@code --batch-sizes lists 8
     * twice}). Any other exception comes back as it is: a message that does not name its option
     * first (an unknown engine, prompts too long for the engine) is not pinned to a guessed line.
     */
    public Exception locate(Exception e) {
        if (!(e instanceof UsageException || e instanceof EngineConfigException) || e.getMessage() == null) {
            return e;
        }
        Matcher m = LEADING_OPTION.matcher(e.getMessage());
        if (!m.find()) {
            return e;
        }
        String key = m.group(1).substring(2);
        Setting about = settings.get(key);
        if (about == null || overridden.contains(key)) {
            return e;
        }
        UsageException located = new UsageException(YamlReader.at(file, about.location(), key + ": " + e.getMessage()));
        located.initCause(e);
        return located;
    }

    private static String workload(String file, YamlNode.Entry entry, List<String> workloads) {
        String allowed = String.join(", ", workloads);
        if (!(entry.value() instanceof YamlNode.Scalar s) || s.text() == null) {
            throw new UsageException(YamlReader.at(file, entry.value().location(),
                    "'" + WORKLOAD + "' must be one of " + allowed + ", not " + entry.value().kind()));
        }
        if (!workloads.contains(s.text())) {
            String close = OptionKeys.closest(s.text(), workloads).map(w -> "; did you mean '" + w + "'?").orElse("");
            throw new UsageException(YamlReader.at(file, s.location(),
                    "unknown workload '" + s.text() + "'" + close + " (expected one of: " + allowed + ")"));
        }
        return s.text();
    }

    /** Runs the option's converter on the arguments; its complaint, with the file's place in front. */
    private static void convert(CommandLine cl, String workload, List<String> tokens, String file,
            YamlNode.Location location, String key) {
        List<String> args = new ArrayList<>();
        args.add(workload);
        args.addAll(tokens);
        try {
            cl.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            String why = INVALID_VALUE.matcher(String.valueOf(e.getMessage())).replaceFirst("");
            throw new UsageException(YamlReader.at(file, location, key + ": " + why));
        }
    }
}
