package io.jharness.engine.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MockOptionsTest {

    private static MockOptions parse(Map<String, String> options) {
        return MockOptions.from(new EngineSpec(null, null, null, 0, options));
    }

    @Test
    void defaults() {
        assertEquals(MockOptions.DEFAULTS, parse(Map.of()));
    }

    @Test
    void readsEveryKey() {
        MockOptions o = parse(Map.of("clock", "REAL", "step", "1ms", "per-seq", "2us", "per-prompt-token", "3ns",
                "jitter", "0.5", "max-batch", "4", "max-seq-len", "99", "vocab", "1000", "fail-at-batch", "2",
                "hang-at-batch", "3"));
        assertEquals(new MockOptions(MockClockMode.REAL, new LatencyModel(1_000_000, 2_000, 3, 0.5), 4, 99, 1000, 2, 3), o);
    }

    @Test
    void errorsNameTheKeyAndWhatIsAllowed() {
        assertTrue(assertThrows(EngineConfigException.class, () -> parse(Map.of("nope", "1")))
                .getMessage().contains("'nope'"));
        assertTrue(assertThrows(EngineConfigException.class, () -> parse(Map.of("clock", "fast")))
                .getMessage().contains("real or virtual"));
        assertTrue(assertThrows(EngineConfigException.class, () -> parse(Map.of("step", "4")))
                .getMessage().contains("unit"));
        assertTrue(assertThrows(EngineConfigException.class, () -> parse(Map.of("max-batch", "0")))
                .getMessage().contains(">= 1"));
        assertTrue(assertThrows(EngineConfigException.class, () -> parse(Map.of("vocab", "x")))
                .getMessage().contains("not a number"));
        assertTrue(assertThrows(EngineConfigException.class, () -> parse(Map.of("jitter", "2")))
                .getMessage().contains("jitter"));
    }

    @Test
    void latencyModelDescribesItselfAsOptions() {
        LatencyModel m = new LatencyModel(4_000_000, 15_000, 400, 0.02);
        assertEquals("step=4ms,per-seq=15us,per-prompt-token=400ns,jitter=0.02", m.describe());
        assertEquals(4_000_000 + 15_000 * 8, m.decodeNanos(8));
    }
}
