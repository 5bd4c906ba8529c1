package io.jharness.harness.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.harness.scheduler.ContinuousBatchScheduler.Policy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulersTest {

    private static String error(String name, Map<String, String> options) {
        return assertThrows(IllegalArgumentException.class, () -> Schedulers.create(name, options)).getMessage();
    }

    @Test
    void providersAreRegistered() {
        assertEquals(List.of("continuous", "static"), Schedulers.providers().stream().map(SchedulerProvider::name).toList());
        assertEquals(List.of("continuous", "static"), Schedulers.names());
        Schedulers.providers().forEach(p -> assertTrue(!p.description().isBlank()));
    }

    @Test
    void staticDefaultsAndOptions() {
        StaticBatchScheduler s = assertInstanceOf(StaticBatchScheduler.class, Schedulers.create("static", Map.of()));
        assertEquals("static", s.name());
        assertEquals(8, s.maxBatch());
        assertEquals(100_000_000L, s.batchTimeoutNanos());
        s = assertInstanceOf(StaticBatchScheduler.class,
                Schedulers.create("static", Map.of("max-batch", "32", "batch-timeout", "2.5ms")));
        assertEquals(32, s.maxBatch());
        assertEquals(2_500_000L, s.batchTimeoutNanos());
        assertEquals(0, assertInstanceOf(StaticBatchScheduler.class,
                Schedulers.create("static", Map.of("batch-timeout", "0"))).batchTimeoutNanos());
    }

    @Test
    void continuousDefaultsAndOptions() {
        ContinuousBatchScheduler c = assertInstanceOf(ContinuousBatchScheduler.class, Schedulers.create("continuous", null));
        assertEquals("continuous", c.name());
        assertEquals(0, c.maxBatch());
        assertEquals(0, c.maxTokensPerStep());
        assertEquals(Policy.PREFILL_FIRST, c.policy());
        c = assertInstanceOf(ContinuousBatchScheduler.class, Schedulers.create("continuous",
                Map.of("max-batch", "16", "max-tokens-per-step", "2048", "policy", "decode-first")));
        assertEquals(16, c.maxBatch());
        assertEquals(2048, c.maxTokensPerStep());
        assertEquals(Policy.DECODE_FIRST, c.policy());
        assertEquals("continuous(max-batch=16, max-tokens-per-step=2048, policy=decode-first)", c.toString());
    }

    @Test
    void unknownScheduler() {
        assertEquals("unknown scheduler 'x'; available: continuous, static", error("x", Map.of()));
    }

    @Test
    void unknownOption() {
        assertEquals("unknown option 'max-bacth' for the static scheduler; allowed: max-batch, batch-timeout",
                error("static", Map.of("max-bacth", "4")));
        assertEquals("unknown option 'policy' for the static scheduler; allowed: max-batch, batch-timeout",
                error("static", Map.of("policy", "decode-first")));
        assertEquals("unknown option 'batch-timeout' for the continuous scheduler; allowed: max-batch, "
                + "max-tokens-per-step, policy", error("continuous", Map.of("batch-timeout", "1ms")));
    }

    @Test
    void badValues() {
        assertEquals("bad value '0' for option max-batch of the static scheduler: must be a whole number >= 1",
                error("static", Map.of("max-batch", "0")));
        assertEquals("bad value 'lots' for option max-batch of the static scheduler: must be a whole number >= 1",
                error("static", Map.of("max-batch", "lots")));
        assertEquals("bad value '50' for option batch-timeout of the static scheduler: must be a duration with "
                + "a unit (ns, us, ms, s, min), e.g. 50ms", error("static", Map.of("batch-timeout", "50")));
        assertEquals("bad value '-1' for option max-batch of the continuous scheduler: must be a whole number >= 0 "
                + "(0: one per KV slot)", error("continuous", Map.of("max-batch", "-1")));
        assertEquals("bad value '1.5' for option max-tokens-per-step of the continuous scheduler: must be a whole "
                + "number >= 0 (0: unlimited)", error("continuous", Map.of("max-tokens-per-step", "1.5")));
        assertEquals("bad value 'fifo' for option policy of the continuous scheduler: must be one of prefill-first, "
                + "decode-first", error("continuous", Map.of("policy", "fifo")));
    }
}
