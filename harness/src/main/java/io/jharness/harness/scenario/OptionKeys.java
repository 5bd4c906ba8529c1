package io.jharness.harness.scenario;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The scenario-file keys of a command, read from its picocli model: every option except
 * {@code --help} and {@code --version}, keyed by its longest name without the dashes
 * ({@code --batch-sizes} is {@code batch-sizes}, {@code -q, --quiet} is {@code quiet}). An option
 * added to the command later has its key with no change here.
 */
public final class OptionKeys {

    private final Map<String, OptionSpec> byKey = new LinkedHashMap<>();

    private OptionKeys(CommandSpec command) {
        for (OptionSpec o : command.options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                byKey.put(key(o), o);
            }
        }
    }

    public static OptionKeys of(CommandSpec command) {
        return new OptionKeys(command);
    }

    /** An option's key: {@code --batch-sizes} gives {@code batch-sizes}. */
    public static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /** Every key, in the command's option order. */
    public List<String> keys() {
        return List.copyOf(byKey.keySet());
    }

    /** The option of a key, or null when the command has none by that name. */
    public OptionSpec option(String key) {
        return byKey.get(key);
    }

    /**
     * The key closest to a misspelt one, when one is close enough to be a likely typo: {@code
     * batch_sizes} gives {@code batch-sizes}.
     */
    public Optional<String> closest(String misspelt) {
        return closest(misspelt, byKey.keySet());
    }

    /**
     * The candidate closest to a misspelt name by edit distance, when it is within a third of the
     * longer name's length (and at least 2 edits); ties go to the first in alphabetical order.
     */
    public static Optional<String> closest(String misspelt, Collection<String> candidates) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String typed = misspelt.toLowerCase(Locale.ROOT);
        return candidates.stream()
                .min(Comparator.comparingInt((String k) -> distance.apply(typed, k)).thenComparing(k -> k))
                .filter(k -> distance.apply(typed, k) <= Math.max(2, Math.max(k.length(), typed.length()) / 3));
    }
}
