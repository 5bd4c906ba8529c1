package io.jharness.harness.compare;

import io.jharness.harness.compare.Comparison.KeyDifference;
import io.jharness.harness.results.RunMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * How the runs' metadata differ, split in two: what they measured (the workload: model, dtype,
 * workload kind, batch sizes, lengths, counts, rates...), which must match for a comparison to
 * mean anything, and how they measured it (engine, device, harness commit, timer, scheduler,
 * seed, warm-up, and an engine version key, such as {@code torchscript_optimize}, that two runs
 * record with different values), which is what a comparison is for and is only shown.
 *
 * <p>The model is compared by its file name (the part before any parenthesis, after the last
 * slash), so the same model exported to different folders on different machines matches. A key
 * that some run.json does not record (a run.json written by another tool) cannot be checked and is
 * shown, not refused.
 *
 * @param workload workload settings that differ
 * @param expected other metadata that differ
 */
public record MetadataDiff(List<KeyDifference> workload, List<KeyDifference> expected) {

    public static final String NOT_RECORDED = "not recorded";

    /** run.json config keys that define the workload, for every workload kind. */
    static final List<String> WORKLOAD_CONFIG = List.of(
            "batch_sizes", "num_prompts", "prompt_len", "max_tokens", "num_runs", "batch_size",
            "rates", "concurrencies", "find_max_rate", "arrival", "burstiness", "num_requests", "warmup_requests",
            "input_len", "output_len", "trace", "trace_time_scale", "trace_limit", "steady_state");

    /** run.json config keys that may differ: how the engine was set up and measured. */
    static final List<String> EXPECTED_CONFIG = List.of(
            "engine_options", "scheduler", "scheduler_options", "slots", "slo", "warmup", "jit_warmup", "seed");

    /** The differences between the runs' metadata; a run without a run.json has a null entry. */
    public static MetadataDiff of(List<RunMetadata> runs) {
        List<KeyDifference> workload = new ArrayList<>();
        List<KeyDifference> expected = new ArrayList<>();
        diff("workload", runs, RunMetadata::workload, workload, expected);
        diff("model", runs, m -> m.engine() == null ? null : modelName(m.engine().model()), workload, expected);
        diff("dtype", runs, m -> m.engine() == null ? null : dtype(m.engine().dtype()), workload, expected);
        for (String key : WORKLOAD_CONFIG) {
            diff(key, runs, m -> config(m, key), workload, expected);
        }
        // Shown, never refused.
        List<KeyDifference> ignored = new ArrayList<>();
        diff("engine", runs, m -> m.engine() == null ? null : m.engine().engine(), expected, ignored);
        diff("device", runs, m -> m.engine() == null ? null : m.engine().device(), expected, ignored);
        diff("model path", runs, m -> m.engine() == null ? null : m.engine().model(), expected, ignored);
        diff("timer", runs, RunMetadata::timer, expected, ignored);
        diff("simulated", runs, m -> Boolean.toString(m.simulated()), expected, ignored);
        diff("commit", runs, m -> m.harness() == null ? null : m.harness().gitCommit(), expected, ignored);
        for (String key : EXPECTED_CONFIG) {
            diff(key, runs, m -> config(m, key), expected, ignored);
        }
        // Engines record different version keys (djl, libtorch; torch, python), so a key some run
        // lacks says nothing: only keys recorded with two values are shown.
        for (String key : versionKeys(runs)) {
            diff("engine " + key, runs, m -> m.engine() == null || m.engine().versions() == null ? null
                    : m.engine().versions().get(key), expected, new ArrayList<>());
        }
        expected.addAll(ignored);
        return new MetadataDiff(List.copyOf(workload), List.copyOf(expected));
    }

    /**
     * Adds a difference of {@code key} to {@code differ} when recorded values differ, or to
     * {@code unchecked} when they agree but some run does not record it.
     */
    private static void diff(String key, List<RunMetadata> runs, Function<RunMetadata, String> value,
            List<KeyDifference> differ, List<KeyDifference> unchecked) {
        List<String> values = new ArrayList<>();
        Set<String> recorded = new LinkedHashSet<>();
        boolean anyMissing = false;
        for (RunMetadata m : runs) {
            String v = m == null ? null : value.apply(m);
            if (v == null) {
                anyMissing = true;
                values.add(NOT_RECORDED);
            } else {
                recorded.add(v);
                values.add(v);
            }
        }
        if (recorded.size() > 1) {
            differ.add(new KeyDifference(key, List.copyOf(values)));
        } else if (anyMissing && !recorded.isEmpty()) {
            unchecked.add(new KeyDifference(key, List.copyOf(values)));
        }
    }

    private static Set<String> versionKeys(List<RunMetadata> runs) {
        Set<String> keys = new LinkedHashSet<>();
        for (RunMetadata m : runs) {
            if (m != null && m.engine() != null && m.engine().versions() != null) {
                keys.addAll(m.engine().versions().keySet());
            }
        }
        return keys;
    }

    private static String config(RunMetadata m, String key) {
        Map<String, Object> config = m.config();
        if (config == null || !config.containsKey(key)) {
            return null;
        }
        Object v = config.get(key);
        if (v == null) {
            return "none";
        }
        if (key.equals("trace")) {
            return Path.of(v.toString()).getFileName().toString();
        }
        return text(v);
    }

    /** A config value as text, the same whoever wrote it: 128 and "128" match, lists as [1, 8]. */
    static String text(Object v) {
        if (v instanceof Collection<?> c) {
            return c.stream().map(MetadataDiff::text).toList().toString();
        }
        if (v instanceof Map<?, ?> map) {
            return new java.util.TreeMap<>(map).toString();
        }
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return Objects.toString(v);
    }

    /** The model's file name: {@code /x/gpt2-fp16.pt} and {@code gpt2-fp16.pt} match. */
    static String modelName(String model) {
        if (model == null) {
            return null;
        }
        String m = model;
        int paren = m.indexOf(" (");
        if (paren > 0) {
            m = m.substring(0, paren);
        }
        int slash = Math.max(m.lastIndexOf('/'), m.lastIndexOf('\\'));
        return m.substring(slash + 1);
    }

    /** The dtype's short name: {@code float16} and {@code fp16} match. */
    static String dtype(String dtype) {
        if (dtype == null) {
            return null;
        }
        String d = dtype.toLowerCase(Locale.ROOT).replace("torch.", "");
        return switch (d) {
            case "float16", "half" -> "fp16";
            case "bfloat16" -> "bf16";
            case "float32", "float" -> "fp32";
            default -> d;
        };
    }
}
