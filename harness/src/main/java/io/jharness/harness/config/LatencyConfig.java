package io.jharness.harness.config;

import io.jharness.harness.workload.LengthDistribution;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a latency run needs, validated: {@code numRuns} requests of {@code batchSize} prompts,
 * the whole run measured {@code repeats} times on a fresh engine session.
 */
public record LatencyConfig(
        EngineSelection engine,
        int numRuns,
        int maxTokens,
        int batchSize,
        LengthDistribution promptLen,
        WarmupSpec warmup,
        long seed,
        int repeats) {

    /** A run measured once. */
    public LatencyConfig(EngineSelection engine, int numRuns, int maxTokens, int batchSize, LengthDistribution promptLen,
            WarmupSpec warmup, long seed) {
        this(engine, numRuns, maxTokens, batchSize, promptLen, warmup, seed, 1);
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
        m.put("seed", seed);
        Checks.putRepeats(m, repeats);
        return m;
    }
}
