package io.jharness.harness.config;

import io.jharness.harness.workload.LengthDistribution;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a latency run needs, validated: {@code numRuns} requests of {@code batchSize} prompts,
 * the whole run measured {@code repeats} times on a fresh engine session after {@code warmup}; the
 * first repeat also gets {@code jitWarmup} once, before its own warm-up, so that the JVM has
 * compiled the per-step code before anything is timed.
 */
public record LatencyConfig(
        EngineSelection engine,
        int numRuns,
        int maxTokens,
        int batchSize,
        LengthDistribution promptLen,
        WarmupSpec warmup,
        long seed,
        int repeats,
        WarmupSpec jitWarmup) {

    /** A run measured once, with no JIT warm-up. */
    public LatencyConfig(EngineSelection engine, int numRuns, int maxTokens, int batchSize, LengthDistribution promptLen,
            WarmupSpec warmup, long seed) {
        this(engine, numRuns, maxTokens, batchSize, promptLen, warmup, seed, 1);
    }

    /** A run with no JIT warm-up. */
    public LatencyConfig(EngineSelection engine, int numRuns, int maxTokens, int batchSize, LengthDistribution promptLen,
            WarmupSpec warmup, long seed, int repeats) {
        this(engine, numRuns, maxTokens, batchSize, promptLen, warmup, seed, repeats, WarmupSpec.NONE);
    }

    public LatencyConfig {
        Checks.atLeastOne("--num-runs", numRuns);
        Checks.atLeastOne("--max-tokens", maxTokens);
        Checks.atLeastOne("--batch-size", batchSize);
        Checks.atLeastOne("--repeats", repeats);
        Checks.promptsFit("--num-runs " + numRuns + " x --batch-size " + batchSize, (long) numRuns * batchSize,
                promptLen.max());
    }

    /** The options as run metadata records them. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(engine.describe());
        m.put("num_runs", numRuns);
        m.put("max_tokens", maxTokens);
        m.put("batch_size", batchSize);
        m.put("prompt_len", promptLen.spec());
        m.put("warmup", warmup.toString());
        m.put("jit_warmup", jitWarmup.toString());
        m.put("seed", seed);
        Checks.putRepeats(m, repeats);
        return m;
    }
}
