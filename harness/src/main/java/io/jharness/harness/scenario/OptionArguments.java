package io.jharness.harness.scenario;

import io.jharness.harness.config.UsageException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns one scenario key's YAML value into the command-line arguments of its option, by the
 * option's shape in picocli's model, and rejects a value of the wrong shape with its line:
 *
 * <ul>
 *   <li>a flag ({@code quiet}): {@code true} or {@code false};
 *   <li>a map option ({@code engine-opt}): a mapping, {@code {fail-at-batch: 16}}, each pair one
 *       {@code --engine-opt=key=value};
 *   <li>a list option ({@code batch-sizes}): a list, {@code [1, 8, 16]}, or one value (which the
 *       option may split itself, {@code "1,8,16"});
 *   <li>any other option: one value.
 * </ul>
 *
 * <p>A null value means "not set": the option keeps its default. Every argument is written as
 * {@code --name=value}, one token, so a value that starts with a dash is never taken for an option.
 */
final class OptionArguments {

    /** An argument and where its value is in the file, so the option's converter can be blamed there. */
    record Argument(String token, YamlNode.Location location) {}

    private OptionArguments() {}

    /** @throws UsageException naming the key and its line when the value has the wrong shape */
    static List<Argument> of(OptionSpec option, YamlNode.Entry entry, String file) {
        String name = option.longestName();
        YamlNode value = entry.value();
        List<Argument> args = new ArrayList<>();
        if (value instanceof YamlNode.Scalar s && s.text() == null) {
            return args;
        }
        if (option.arity().max() == 0) {
            if (!(value instanceof YamlNode.Scalar s) || !s.isBoolean()) {
                throw wrong(file, entry, value, "true or false");
            }
            boolean on = Boolean.parseBoolean(s.text());
            boolean byDefault = Boolean.parseBoolean(option.defaultValue());
            if (on != byDefault) {
                if (!on && !option.negatable()) {
                    throw new UsageException(YamlReader.at(file, value.location(),
                            "'" + entry.key() + "' cannot be turned off: it is on unless given"));
                }
                args.add(new Argument(on ? name : negated(name), value.location()));
            }
            return args;
        }
        if (option.typeInfo().isMap()) {
            if (!(value instanceof YamlNode.Mapping m)) {
                throw wrong(file, entry, value, "a mapping of key: value, e.g. {max-batch: 64}");
            }
            for (YamlNode.Entry pair : m.entries()) {
                String v = scalar(file, entry, pair.value(), "a single value for '" + pair.key() + "'");
                args.add(new Argument(name + "=" + pair.key() + "=" + v, pair.value().location()));
            }
            return args;
        }
        if (option.isMultiValue()) {
            if (value instanceof YamlNode.Sequence seq) {
                for (YamlNode item : seq.items()) {
                    args.add(new Argument(name + "=" + scalar(file, entry, item, "a list of single values"),
                            item.location()));
                }
                return args;
            }
            if (value instanceof YamlNode.Mapping) {
                throw wrong(file, entry, value, "a list, e.g. [1, 8, 16], or a single value");
            }
        }
        args.add(new Argument(name + "=" + scalar(file, entry, value, "a single value"), value.location()));
        return args;
    }

    private static String scalar(String file, YamlNode.Entry entry, YamlNode value, String expected) {
        if (value instanceof YamlNode.Scalar s && s.text() != null) {
            return s.text();
        }
        throw wrong(file, entry, value, expected);
    }

    private static UsageException wrong(String file, YamlNode.Entry entry, YamlNode value, String expected) {
        String got = value instanceof YamlNode.Scalar s && s.text() != null ? "'" + s.text() + "'" : value.kind();
        return new UsageException(YamlReader.at(file, value.location(),
                "'" + entry.key() + "' must be " + expected + ", not " + got));
    }

    /** picocli's negated form of a negatable flag: {@code --no-x} for {@code --x}, and back. */
    private static String negated(String name) {
        return name.startsWith("--no-") ? "--" + name.substring(5) : "--no-" + name.substring(2);
    }
}
