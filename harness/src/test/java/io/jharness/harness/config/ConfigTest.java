package io.jharness.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.harness.workload.LengthDistribution;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTest {

    private static ThroughputConfig throughput(List<Integer> batches, int prompts, int tokens) {
        return new ThroughputConfig(EngineSelection.auto(), batches, prompts, tokens,
                new LengthDistribution.Fixed(8), WarmupSpec.NONE, 1);
    }

    @Test
    void throughputConfigValidates() {
        assertTrue(assertThrows(UsageException.class, () -> throughput(List.of(), 1, 1)).getMessage().contains("empty"));
        assertTrue(assertThrows(UsageException.class, () -> throughput(List.of(1, 0), 1, 1)).getMessage().contains(" 0 "));
        assertTrue(assertThrows(UsageException.class, () -> throughput(List.of(8, 8), 1, 1)).getMessage().contains("twice"));
        assertTrue(assertThrows(UsageException.class, () -> throughput(List.of(1), 0, 1)).getMessage().contains("--num-prompts 0"));
        assertTrue(assertThrows(UsageException.class, () -> throughput(List.of(1), 1, 0)).getMessage().contains("--max-tokens 0"));
        assertEquals(List.of(64, 1, 8), throughput(List.of(64, 1, 8), 1, 1).batchSizes(), "order kept");
    }

    @Test
    void latencyConfigValidates() {
        LengthDistribution len = new LengthDistribution.Fixed(8);
        assertThrows(UsageException.class, () -> new LatencyConfig(EngineSelection.auto(), 0, 1, 1, len, WarmupSpec.NONE, 1));
        assertThrows(UsageException.class, () -> new LatencyConfig(EngineSelection.auto(), 1, 0, 1, len, WarmupSpec.NONE, 1));
        assertThrows(UsageException.class, () -> new LatencyConfig(EngineSelection.auto(), 1, 1, 0, len, WarmupSpec.NONE, 1));
    }

    @Test
    void warmupIsStepsOrTime() {
        assertEquals(new WarmupSpec(20, 0), WarmupSpec.parse("20"));
        assertEquals(new WarmupSpec(0, 2_000_000_000L), WarmupSpec.parse("2s"));
        assertEquals(new WarmupSpec(0, 500_000_000L), WarmupSpec.parse("500ms"));
        assertTrue(WarmupSpec.parse("0").none());
        assertEquals("2s", WarmupSpec.parse("2s").toString());
        assertEquals("20", WarmupSpec.parse("20").toString());
        assertThrows(IllegalArgumentException.class, () -> WarmupSpec.parse("3x"));
        assertThrows(IllegalArgumentException.class, () -> WarmupSpec.parse("-1"));
    }

    @Test
    void warmupWithStepsAndTimeEndsAtTheFirstReached() {
        WarmupSpec both = WarmupSpec.parse("5000,30s");
        assertEquals(new WarmupSpec(5000, 30_000_000_000L), both);
        assertEquals("5000,30s", both.toString());
        assertEquals(both, WarmupSpec.parse(" 5000 , 30s "));
        assertFalse(both.reached(4999, 29_999_999_999L));
        assertTrue(both.reached(5000, 1));
        assertTrue(both.reached(1, 30_000_000_000L));
        assertTrue(WarmupSpec.parse("0,30s").none(), "no steps: nothing to run");
        assertTrue(WarmupSpec.NONE.reached(0, 0));
        for (String bad : List.of("30s,5000", "5000,30", "5000,", ",30s", "5000,30s,1", "x,30s")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WarmupSpec.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("'" + bad + "' is not allowed; give a number of steps"), e.getMessage());
        }
    }

    @Test
    void describeRecordsEveryOption() {
        var m = throughput(List.of(1, 8), 100, 128).describe();
        assertEquals(List.of("engine", "device", "model", "dtype", "engine_options", "batch_sizes", "num_prompts",
                "max_tokens", "prompt_len", "warmup", "jit_warmup", "seed"), List.copyOf(m.keySet()));
    }
}
