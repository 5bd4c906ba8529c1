package io.jharness.harness.config;

import io.jharness.harness.workload.LengthDistribution;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a throughput sweep needs, validated: static batching of {@code numPrompts} prompts
 * in batches of each size, {@code maxTokens} generated per prompt, each point measured
 * {@code repeats} times on a fresh engine session after {@code warmup}; the first point measured
 * also gets {@code jitWarmup} once, before its own warm-up, so that the JVM has compiled the
 * per-step code before anything is timed.
 */
public record ThroughputConfig(
        EngineSelection engine,
        List<Integer> batchSizes,
        int numPrompts,
        int maxTokens,
        LengthDistribution promptLen,
        WarmupSpec warmup,
        long seed,
        int repeats,
        WarmupSpec jitWarmup) {

    /** A sweep measuring each point once, with no JIT warm-up. */
    public ThroughputConfig(EngineSelection engine, List<Integer> batchSizes, int numPrompts, int maxTokens,
            LengthDistribution promptLen, WarmupSpec warmup, long seed) {
        this(engine, batchSizes, numPrompts, maxTokens, promptLen, warmup, seed, 1);
    }

    /** A sweep with no JIT warm-up. */
    public ThroughputConfig(EngineSelection engine, List<Integer> batchSizes, int numPrompts, int maxTokens,
            LengthDistribution promptLen, WarmupSpec warmup, long seed, int repeats) {
        this(engine, batchSizes, numPrompts, maxTokens, promptLen, warmup, seed, repeats, WarmupSpec.NONE);
    }

    /** This sweep without its JIT warm-up: for a later run in a JVM that one has warmed already. */
    public ThroughputConfig withoutJitWarmup() {
        return new ThroughputConfig(engine, batchSizes, numPrompts, maxTokens, promptLen, warmup, seed, repeats);
    }

    public ThroughputConfig {
        batchSizes = List.copyOf(batchSizes);
        if (batchSizes.isEmpty()) {
            throw new UsageException("--batch-sizes is empty; give one or more whole numbers >= 1");
        }
        Set<Integer> seen = new HashSet<>();
        for (int b : batchSizes) {
            if (b < 1) {
                throw new UsageException("--batch-sizes " + b + " is not allowed; batch sizes must be >= 1");
            }
            if (!seen.add(b)) {
                throw new UsageException("--batch-sizes lists " + b + " twice; give each batch size once");
            }
        }
        Checks.atLeastOne("--num-prompts", numPrompts);
        Checks.atLeastOne("--max-tokens", maxTokens);
        Checks.atLeastOne("--repeats", repeats);
        Checks.promptsFit("--num-prompts " + numPrompts, numPrompts, promptLen.max());
    }

    /** The options as run metadata records them. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(engine.describe());
        m.put("batch_sizes", batchSizes);
        m.put("num_prompts", numPrompts);
        m.put("max_tokens", maxTokens);
        m.put("prompt_len", promptLen.spec());
        m.put("warmup", warmup.toString());
        m.put("jit_warmup", jitWarmup.toString());
        m.put("seed", seed);
        Checks.putRepeats(m, repeats);
        return m;
    }
}
