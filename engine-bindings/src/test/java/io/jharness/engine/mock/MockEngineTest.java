package io.jharness.engine.mock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineException;
import io.jharness.engine.EngineSession;
import io.jharness.engine.EngineSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MockEngineTest {

    private static MockEngine engine(long seed, Map<String, String> options) {
        return (MockEngine) new MockEngineProvider().create(new EngineSpec(null, null, null, seed, options));
    }

    private static final Map<String, String> NO_JITTER = Map.of("jitter", "0");

    /** Runs B prompts for n tokens and returns each sequence's tokens, [sequence][token]. */
    private static int[][] generate(EngineSession s, int[][] prompts, int n) {
        int b = prompts.length;
        int[] slots = new int[b];
        Arrays.setAll(slots, i -> i);
        int[][] out = new int[b][n];
        int[] next = new int[b];
        int[] last = new int[b];
        s.prefill(b, slots, prompts, next);
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < b; i++) {
                out[i][t] = next[i];
            }
            if (t + 1 < n) {
                System.arraycopy(next, 0, last, 0, b);
                s.decode(b, slots, last, next);
            }
        }
        for (int slot : slots) {
            s.release(slot);
        }
        return out;
    }

    private static final int[][] PROMPTS = {{1, 2, 3}, {4, 5, 6, 7}, {1, 2, 3}, {9}};

    @Test
    void sameSeedSameTokensAndSameTimes() {
        try (MockEngine a = engine(7, Map.of()); MockEngine b = engine(7, Map.of())) {
            int[][] ta = generate(a.open(4, 64), PROMPTS, 20);
            int[][] tb = generate(b.open(4, 64), PROMPTS, 20);
            assertArrayEquals(ta, tb);
            assertEquals(a.clock().nanoTime(), b.clock().nanoTime());
        }
    }

    @Test
    void differentSeedsDiffer() {
        try (MockEngine a = engine(7, Map.of()); MockEngine b = engine(8, Map.of())) {
            assertFalse(Arrays.deepEquals(generate(a.open(4, 64), PROMPTS, 20), generate(b.open(4, 64), PROMPTS, 20)));
            assertNotEquals(a.clock().nanoTime(), b.clock().nanoTime());
        }
    }

    @Test
    void everySequenceGetsItsOwnTokens() {
        try (MockEngine e = engine(1, Map.of())) {
            int[][] tokens = generate(e.open(4, 64), PROMPTS, 30);
            assertEquals(4, tokens.length);
            for (int[] seq : tokens) {
                assertEquals(30, seq.length);
                for (int t : seq) {
                    assertTrue(t >= 0 && t < 50257);
                }
            }
            // Tokens depend on the sequence's content: equal prompts, equal streams; others differ.
            assertArrayEquals(tokens[0], tokens[2]);
            assertFalse(Arrays.equals(tokens[0], tokens[1]));
            assertFalse(Arrays.equals(tokens[1], tokens[3]));
        }
    }

    @Test
    void batchingDoesNotChangeASequencesTokens() {
        try (MockEngine e = engine(3, Map.of())) {
            EngineSession s = e.open(4, 64);
            int[][] together = generate(s, PROMPTS, 10);
            int[][] alone = generate(s, new int[][] {PROMPTS[1]}, 10);
            assertArrayEquals(together[1], alone[0]);
        }
    }

    @Test
    void virtualClockAdvancesByTheLatencyModel() {
        try (MockEngine e = engine(1, NO_JITTER)) {
            LatencyModel m = e.options().latency();
            EngineSession s = e.open(4, 64);
            long t0 = e.clock().nanoTime();
            generate(s, PROMPTS, 5);
            long expected = m.prefillNanos(4, 3 + 4 + 3 + 1) + 4 * m.decodeNanos(4);
            assertEquals(expected, e.clock().nanoTime() - t0);
            assertEquals(4_000_000L + 4 * 15_000L + 11 * 400L, m.prefillNanos(4, 11));
        }
    }

    @Test
    void jitterVariesStepTimesAroundTheModel() {
        try (MockEngine e = engine(1, Map.of("jitter", "0.1"))) {
            EngineSession s = e.open(1, 4096);
            int[] slot = {0};
            s.prefill(1, slot, new int[][] {{1}}, new int[1]);
            long cost = e.options().latency().decodeNanos(1);
            long min = Long.MAX_VALUE;
            long max = 0;
            long sum = 0;
            int n = 2000;
            for (int i = 0; i < n; i++) {
                long before = e.clock().nanoTime();
                s.decode(1, slot, new int[] {1}, new int[1]);
                long d = e.clock().nanoTime() - before;
                min = Math.min(min, d);
                max = Math.max(max, d);
                sum += d;
            }
            assertTrue(min < cost && max > cost, "jitter spreads both ways");
            assertEquals(cost, sum / (double) n, cost * 0.01, "mean stays on the model");
            assertTrue(min >= cost / 2, "never below half the cost");
        }
    }

    @Test
    void realClockSpendsTheTime() {
        try (MockEngine e = engine(1, Map.of("clock", "real", "step", "2ms", "per-seq", "0", "jitter", "0"))) {
            EngineSession s = e.open(1, 64);
            long t0 = System.nanoTime();
            generate(s, new int[][] {{1, 2}}, 10);
            long elapsed = System.nanoTime() - t0;
            assertTrue(elapsed >= 10 * 2_000_000L, "10 steps of 2 ms took " + elapsed + " ns");
            assertEquals("wall", e.info().clock());
        }
    }

    @Test
    void limitsAreEnforced() {
        try (MockEngine e = engine(1, Map.of("max-batch", "8", "max-seq-len", "16"))) {
            assertThrows(EngineConfigException.class, () -> e.open(9, 16));
            assertThrows(EngineConfigException.class, () -> e.open(8, 17));
            EngineSession s = e.open(2, 8);
            int[] slots = {0, 1};
            s.prefill(1, slots, new int[][] {{1}}, new int[2]);
            assertThrows(EngineException.class, () -> s.prefill(1, slots, new int[][] {{1}}, new int[2]),
                    "prefill into a busy slot");
            assertThrows(EngineException.class, () -> s.decode(2, slots, new int[2], new int[2]),
                    "decode of an empty slot");
            assertThrows(EngineException.class, () -> s.decode(1, slots, new int[] {60000}, new int[1]),
                    "token outside the vocabulary");
            assertThrows(EngineException.class, () -> s.decode(3, new int[] {0, 1, 2}, new int[3], new int[3]),
                    "more sequences than slots");
            assertThrows(EngineException.class, () -> s.prefill(1, new int[] {1}, new int[][] {new int[8]}, new int[1]),
                    "a prompt that leaves no room to generate");
        }
    }

    @Test
    void failAtBatchSimulatesAnAllocationFailure() {
        try (MockEngine e = engine(1, Map.of("fail-at-batch", "8"))) {
            EngineException ex = assertThrows(EngineException.class, () -> e.open(8, 64));
            assertFalse(ex instanceof EngineConfigException);
            assertTrue(ex.getMessage().contains("out of memory"));
            e.open(4, 64).close();
        }
    }

    @Test
    void hangAtBatchBlocksAStepUntilItsThreadIsInterrupted() throws Exception {
        try (MockEngine e = engine(1, Map.of("hang-at-batch", "2"))) {
            try (EngineSession small = e.open(1, 64)) {
                small.prefill(1, new int[] {0}, new int[][] {{1, 2}}, new int[1]); // other sizes run
            }
            EngineSession s = e.open(2, 64);
            var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
            Thread step = new Thread(() -> {
                try {
                    s.prefill(1, new int[] {0}, new int[][] {{1, 2}}, new int[1]);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            step.start();
            step.join(300);
            assertTrue(step.isAlive(), "the step returned without being interrupted");
            step.interrupt();
            step.join(5_000);
            assertFalse(step.isAlive(), "the step did not return after an interrupt");
            assertTrue(failure.get() instanceof EngineException, () -> "expected an engine error: " + failure.get());
            assertTrue(failure.get().getMessage().contains("hang-at-batch=2"), failure.get()::getMessage);
        }
    }

    @Test
    void rejectsWhatItCannotBe() {
        MockEngineProvider p = new MockEngineProvider();
        assertThrows(EngineConfigException.class, () -> p.create(new EngineSpec("cuda:0", null, null, 1, Map.of())));
        assertThrows(EngineConfigException.class, () -> p.create(new EngineSpec(null, "m.pt", null, 1, Map.of())));
        assertThrows(EngineConfigException.class, () -> p.create(new EngineSpec(null, null, "fp16", 1, Map.of())));
        p.create(new EngineSpec("cpu", null, null, 1, Map.of())).close();
    }

    @Test
    void infoSaysItIsSimulated() {
        Map<String, String> o = new HashMap<>();
        try (MockEngine e = engine(1, o)) {
            assertTrue(e.info().simulated());
            assertEquals("virtual", e.info().clock());
            assertEquals("mock", e.info().engine());
            assertEquals(256, e.info().maxBatchSize());
        }
    }
}
