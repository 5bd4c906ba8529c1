package io.jharness.harness.scenario;

import java.util.List;

/**
 * A YAML value as a scenario file wrote it, with where it starts, so every error can name its
 * line and column. Only what a scenario needs: scalars (kept as their source text, so
 * {@code 1.0} stays {@code 1.0}), sequences and mappings.
 */
public sealed interface YamlNode {

    /** Where the value starts in the file (1-based). */
    Location location();

    /** What kind of value this is, in words, for "expected X, not Y" messages. */
    String kind();

    /** A line and column in the file, both 1-based. */
    record Location(int line, int column) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }
    }

    /** A scalar; {@code text} is null for YAML's null ({@code ~}, {@code null} or nothing). */
    record Scalar(String text, boolean isBoolean, Location location) implements YamlNode {
        @Override
        public String kind() {
            return text == null ? "nothing (null)" : "a single value";
        }
    }

    /** A sequence: {@code [1, 8]} or {@code - 1} rows. */
    record Sequence(List<YamlNode> items, Location location) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A mapping, in file order; keys are unique (the reader rejects duplicates). */
    record Mapping(List<Entry> entries, Location location) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    /** One {@code key: value} of a mapping; {@code location} is the key's. */
    record Entry(String key, Location location, YamlNode value) {}
}
