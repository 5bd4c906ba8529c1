package io.jharness.engine.mock;

import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineSpec;
import io.jharness.engine.timing.Durations;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The mock engine's settings, read from {@code --engine-opt key=value} (and the CLI's
 * {@code --mock-clock}/{@code --mock-latency} shorthands, which set the same keys).
 *
 * @param clock       real or virtual time
 * @param latency     the step cost model
 * @param maxBatch    the most slots a session may have
 * @param maxSeqLen   the most tokens one sequence may hold
 * @param vocabSize   token ids are in {@code [0, vocabSize)}
 * @param failAtBatch a session of exactly this many slots fails to open, as if out of memory
 *                    (for testing how sweeps survive failures); 0 for never
 * @param hangAtBatch every step of a session of exactly this many slots blocks until its thread
 *                    is interrupted, then fails (for testing {@code --point-timeout}); 0 for never
 */
public record MockOptions(
        MockClockMode clock, LatencyModel latency, int maxBatch, int maxSeqLen, int vocabSize, int failAtBatch,
        int hangAtBatch) {

    /** Every key the mock engine understands. */
    public static final List<String> KEYS = List.of(
            "clock", "step", "per-seq", "per-prompt-token", "jitter", "max-batch", "max-seq-len", "vocab",
            "fail-at-batch", "hang-at-batch");

    public static final MockOptions DEFAULTS =
            new MockOptions(MockClockMode.VIRTUAL, LatencyModel.DEFAULT, 256, 4096, 50257, 0, 0);

    /**
     * Reads the options of a spec.
     *
     * @throws EngineConfigException naming the key, the value and what is allowed
     */
    public static MockOptions from(EngineSpec spec) {
        Map<String, String> o = spec.options();
        for (String key : o.keySet()) {
            if (!KEYS.contains(key)) {
                throw new EngineConfigException("the mock engine has no option '" + key + "'; it has: "
                        + String.join(", ", KEYS));
            }
        }
        LatencyModel d = DEFAULTS.latency();
        LatencyModel latency;
        try {
            latency = new LatencyModel(
                    get(o, "step", MockOptions::nanos, d.stepNanos()),
                    get(o, "per-seq", MockOptions::nanos, d.perSequenceNanos()),
                    get(o, "per-prompt-token", MockOptions::nanos, d.perPromptTokenNanos()),
                    get(o, "jitter", Double::parseDouble, d.jitter()));
        } catch (IllegalArgumentException e) {
            throw new EngineConfigException("mock latency model: " + e.getMessage());
        }
        return new MockOptions(
                get(o, "clock", MockOptions::clockMode, DEFAULTS.clock()),
                latency,
                positive(o, "max-batch", DEFAULTS.maxBatch()),
                positive(o, "max-seq-len", DEFAULTS.maxSeqLen()),
                positive(o, "vocab", DEFAULTS.vocabSize()),
                get(o, "fail-at-batch", Integer::parseInt, 0),
                get(o, "hang-at-batch", Integer::parseInt, 0));
    }

    private static long nanos(String v) {
        return Durations.parseNanos(v);
    }

    private static MockClockMode clockMode(String v) {
        try {
            return MockClockMode.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + v + "' is not a clock; use real or virtual");
        }
    }

    private static int positive(Map<String, String> o, String key, int def) {
        int v = get(o, key, Integer::parseInt, def);
        if (v < 1) {
            throw new EngineConfigException("mock option " + key + "=" + v + " is not allowed; it must be >= 1");
        }
        return v;
    }

    private static <T> T get(Map<String, String> o, String key, Function<String, T> parse, T def) {
        String v = o.get(key);
        if (v == null) {
            return def;
        }
        try {
            return parse.apply(v.trim());
        } catch (IllegalArgumentException e) {
            String why = e instanceof NumberFormatException ? "'" + v + "' is not a number" : e.getMessage();
            throw new EngineConfigException("mock option " + key + ": " + why);
        }
    }
}
