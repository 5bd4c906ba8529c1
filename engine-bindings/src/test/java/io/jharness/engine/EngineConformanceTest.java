package io.jharness.engine;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jharness.engine.timing.StepTimer;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * What every engine must do through the SPI alone: {@link Engine}, {@link EngineSession} and
 * {@link EngineInfo}. Each engine gets a concrete subclass that says how to create it.
 *
 * <p>One engine is created per class and shared by its tests (loading a model is the slow part);
 * every test opens its own sessions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineConformanceTest {

    /** Creates the engine under test; called once per class, and again by tests that need a fresh one. */
    protected abstract Engine createEngine();

    /**
     * Whether the engine runs static batches only: row i of a step must be slot i. Such engines
     * must reject other slot arrays with {@link EngineException}; others must accept any free slots.
     */
    protected boolean requiresRowEqualsSlot() {
        return false;
    }

    /**
     * The number of native objects (tensors, scopes) the engine holds right now, where the engine
     * can tell; empty where it cannot. The long-run test checks that it does not grow.
     */
    protected OptionalLong liveNativeObjects(Engine engine) {
        return OptionalLong.empty();
    }

    /** Session length used by the tests: the engine's own limit, capped so the mock's 4096 stays cheap. */
    private static final int SEQ_CAP = 64;

    /** Decode steps of the stream tests: prompts of up to 12 tokens plus 41 generated fit 64 positions. */
    private static final int DECODES = 40;

    protected Engine engine;
    protected EngineInfo info;
    protected int vocab;
    protected int seqLen;

    @BeforeAll
    void loadEngine() {
        engine = createEngine();
        info = engine.info();
        vocab = info.vocabSize();
        seqLen = Math.min(info.maxSeqLen(), SEQ_CAP);
    }

    @AfterAll
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    // ----------------------------------------------------------------------------------------
    // helpers
    // ----------------------------------------------------------------------------------------

    /** A prompt of {@code length} tokens in [0, vocab), the same for the same seed. */
    protected int[] prompt(long seed, int length) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + length);
        int[] p = new int[length];
        for (int i = 0; i < length; i++) {
            p[i] = r.nextInt(vocab);
        }
        return p;
    }

    protected static int[] rows(int count) {
        int[] slots = new int[count];
        Arrays.setAll(slots, i -> i);
        return slots;
    }

    /**
     * Prefills {@code prompts} into slots 0..n-1 and decodes {@code decodes} steps, feeding each
     * sequence's token back. Returns each sequence's tokens, [sequence][1 + decodes]. Leaves the
     * slots occupied.
     */
    protected int[][] generate(EngineSession s, int[][] prompts, int decodes) {
        return generate(s, rows(prompts.length), prompts, decodes);
    }

    protected int[][] generate(EngineSession s, int[] slots, int[][] prompts, int decodes) {
        int b = prompts.length;
        int[][] out = new int[b][decodes + 1];
        int[] next = new int[b];
        int[] last = new int[b];
        s.prefill(b, slots, prompts, next);
        record(out, 0, next, b);
        for (int t = 1; t <= decodes; t++) {
            System.arraycopy(next, 0, last, 0, b);
            s.decode(b, slots, last, next);
            record(out, t, next, b);
        }
        return out;
    }

    private void record(int[][] out, int t, int[] tokens, int count) {
        for (int i = 0; i < count; i++) {
            assertInVocab(tokens[i], "row " + i + " step " + t);
            out[i][t] = tokens[i];
        }
    }

    private void assertInVocab(int token, String where) {
        if (token < 0 || token >= vocab) {
            fail(where + ": token " + token + " is outside [0, " + vocab + ")");
        }
    }

    /** A sequence's stream when it runs alone: batch 1, slot 0 of a fresh session of {@code maxBatch} slots. */
    protected int[] alone(int maxBatch, int[] prompt, int decodes) {
        try (EngineSession s = engine.open(maxBatch, seqLen)) {
            return generate(s, new int[][] {prompt}, decodes)[0];
        }
    }

    protected static void assertStreamEquals(int[] expected, int[] actual, String what) {
        if (!Arrays.equals(expected, actual)) {
            int i = Arrays.mismatch(expected, actual);
            fail(what + ": streams differ first at token " + i + "\n  expected " + Arrays.toString(expected)
                    + "\n  actual   " + Arrays.toString(actual));
        }
    }

    private static void assertEngineException(Executable call, String what) {
        EngineException e = assertThrows(EngineException.class, call, what + " must throw EngineException");
        assertNotNull(e.getMessage(), what + ": the exception needs a message");
        assertFalse(e.getMessage().isBlank(), what + ": the exception needs a message");
    }

    private void assumeBatch(int n) {
        assumeTrue(info.maxBatchSize() >= n, "engine allows only " + info.maxBatchSize() + " slots");
    }

    // ----------------------------------------------------------------------------------------
    // info, sessions
    // ----------------------------------------------------------------------------------------

    @Test
    void infoIsSane() {
        assertNotNull(info.engine());
        assertFalse(info.engine().isBlank(), "engine name");
        assertNotNull(info.model());
        assertNotNull(info.device());
        assertNotNull(info.dtype());
        assertTrue(info.vocabSize() >= 1, "vocab " + info.vocabSize());
        assertTrue(info.maxBatchSize() >= 1, "maxBatch " + info.maxBatchSize());
        assertTrue(info.maxSeqLen() >= 2, "maxSeqLen " + info.maxSeqLen());
        assertTrue(List.of("wall", "virtual").contains(info.clock()), "clock " + info.clock());
        assertNotNull(info.versions());
        assertEquals(info, engine.info(), "info() is stable");
    }

    @Test
    void sessionsOpenAndCloseRepeatedly() {
        assumeBatch(4);
        int[] first = null;
        for (int i = 0; i < 20; i++) {
            int b = 1 + i % 4;
            EngineSession s = engine.open(b, seqLen);
            assertEquals(b, s.maxBatch());
            assertTrue(s.maxSeqLen() >= seqLen && s.maxSeqLen() <= info.maxSeqLen(),
                    "session maxSeqLen " + s.maxSeqLen() + " for a request of " + seqLen);
            int[] tokens = generate(s, new int[][] {prompt(1, 6)}, 2)[0];
            if (first == null) {
                first = tokens;
            }
            assertStreamEquals(first, tokens, "session " + i);
            s.close();
            s.close(); // idempotent, as AutoCloseable asks
            assertEngineException(() -> s.decode(1, new int[] {0}, new int[] {0}, new int[1]), "decode after close");
            assertEngineException(() -> s.prefill(1, new int[] {0}, new int[][] {{1}}, new int[1]), "prefill after close");
        }
    }

    @Test
    void openBeyondTheLengthLimitIsAConfigError() {
        assertThrows(EngineConfigException.class, () -> engine.open(1, info.maxSeqLen() + 1),
                "open(1, info().maxSeqLen() + 1)");
    }

    /** Engine.open: "@throws EngineConfigException when the request is beyond this engine's limits". */
    @Test
    void openBeyondTheOtherLimitsIsAConfigError() {
        assertAll(
                () -> assertThrows(EngineConfigException.class, () -> engine.open(info.maxBatchSize() + 1, seqLen),
                        "open(info().maxBatchSize() + 1 = " + (info.maxBatchSize() + 1) + ", " + seqLen + ")"),
                () -> assertThrows(EngineConfigException.class, () -> engine.open(0, seqLen), "open(0, " + seqLen + ")"),
                () -> assertThrows(EngineConfigException.class, () -> engine.open(-1, seqLen), "open(-1, " + seqLen + ")"),
                () -> assertThrows(EngineConfigException.class, () -> engine.open(1, 0), "open(1, 0)"));
    }

    // ----------------------------------------------------------------------------------------
    // the steps' arrays
    // ----------------------------------------------------------------------------------------

    /** Prompt lengths of the batches: all different. */
    private static final int[] LENGTHS = {5, 9, 3, 12};

    @Test
    void stepsWriteExactlyCountTokensAndReadOnlyCountInputs() {
        assumeBatch(4);
        for (int b = 1; b <= 4; b++) {
            try (EngineSession s = engine.open(4, seqLen)) {
                // Caller-owned buffers larger than the step; what lies past count must be ignored.
                int cap = 7;
                int[] slots = new int[cap];
                Arrays.fill(slots, 99);
                int[][] prompts = new int[cap][];
                Arrays.fill(prompts, new int[0]);
                for (int i = 0; i < b; i++) {
                    slots[i] = i;
                    prompts[i] = prompt(10 + i, LENGTHS[i]);
                }
                int[] slotsBefore = slots.clone();
                int[][] promptsBefore = Arrays.stream(prompts).map(int[]::clone).toArray(int[][]::new);
                int[] out = new int[cap];
                Arrays.fill(out, -1);
                s.prefill(b, slots, prompts, out);
                checkWritten(out, b, "prefill B=" + b);
                assertArrayEquals(slotsBefore, slots, "prefill changed the slots array");
                assertArrayEquals(promptsBefore, prompts, "prefill changed the prompts");

                int[] last = new int[cap];
                Arrays.fill(last, -5); // not a token: must not be read past count
                for (int step = 0; step < 5; step++) {
                    System.arraycopy(out, 0, last, 0, b);
                    int[] lastBefore = last.clone();
                    Arrays.fill(out, -1);
                    s.decode(b, slots, last, out);
                    checkWritten(out, b, "decode B=" + b + " step " + step);
                    assertArrayEquals(lastBefore, last, "decode changed lastTokens");
                    assertArrayEquals(slotsBefore, slots, "decode changed the slots array");
                }
            }
        }
    }

    private void checkWritten(int[] out, int count, String what) {
        for (int i = 0; i < count; i++) {
            assertInVocab(out[i], what + " row " + i);
        }
        for (int i = count; i < out.length; i++) {
            assertEquals(-1, out[i], what + ": element " + i + " is past count " + count + " and must be untouched");
        }
    }

    // ----------------------------------------------------------------------------------------
    // streams
    // ----------------------------------------------------------------------------------------

    private int[][] batchPrompts(long seed, int b) {
        int[][] p = new int[b][];
        for (int i = 0; i < b; i++) {
            p[i] = prompt(seed + i, LENGTHS[i]);
        }
        return p;
    }

    @Test
    void sameInputsGiveSameStreams() {
        assumeBatch(3);
        int[][] prompts = batchPrompts(20, 3);
        int[][] a;
        int[][] b;
        try (EngineSession s = engine.open(3, seqLen)) {
            a = generate(s, prompts, DECODES);
        }
        try (EngineSession s = engine.open(3, seqLen)) {
            b = generate(s, prompts, DECODES);
        }
        for (int i = 0; i < 3; i++) {
            assertStreamEquals(a[i], b[i], "row " + i + " in a second session");
        }
        // And in a second engine of the same spec.
        try (Engine other = createEngine(); EngineSession s = other.open(3, seqLen)) {
            int[][] c = generate(s, prompts, DECODES);
            for (int i = 0; i < 3; i++) {
                assertStreamEquals(a[i], c[i], "row " + i + " in a second engine");
            }
        }
        // Different prompts give different streams (a constant engine would pass everything else).
        assertFalse(Arrays.equals(a[0], a[1]) && Arrays.equals(a[1], a[2]), "all rows generated the same stream");
    }

    @Test
    void aSequencesStreamDoesNotDependOnItsBatch() {
        assumeBatch(3);
        int[] target = prompt(30, 7);
        int[][] fillers = {prompt(31, 3), prompt(32, 12)}; // one shorter, one longer than the target
        int[] alone1 = alone(1, target, DECODES);
        int[] alone3 = alone(3, target, DECODES);
        assertStreamEquals(alone1, alone3, "alone in a session of 1 vs of 3 slots");
        int[][] fillerAlone = {alone(1, fillers[0], DECODES), alone(1, fillers[1], DECODES)};
        for (int r = 0; r < 3; r++) {
            int[][] prompts = new int[3][];
            int[] fillerOf = new int[3];
            for (int i = 0, f = 0; i < 3; i++) {
                if (i == r) {
                    prompts[i] = target;
                    fillerOf[i] = -1;
                } else {
                    fillerOf[i] = f;
                    prompts[i] = fillers[f++];
                }
            }
            int[][] got;
            try (EngineSession s = engine.open(3, seqLen)) {
                got = generate(s, prompts, DECODES);
            }
            assertStreamEquals(alone1, got[r], "target (7 tokens) alone at batch 1 vs as row " + r + " of 3 "
                    + "(rows: " + lengths(prompts) + ")");
            for (int i = 0; i < 3; i++) {
                if (i != r) {
                    assertStreamEquals(fillerAlone[fillerOf[i]], got[i], "filler of " + prompts[i].length
                            + " tokens alone vs as row " + i + " of 3 (rows: " + lengths(prompts) + ")");
                }
            }
        }
    }

    private static String lengths(int[][] prompts) {
        return Arrays.toString(Arrays.stream(prompts).mapToInt(p -> p.length).toArray()) + " tokens";
    }

    @Test
    void shrinkingTheBatchKeepsTheOtherStreams() {
        assumeBatch(3);
        int[][] prompts = batchPrompts(40, 3);
        int[][] expected = new int[3][];
        for (int i = 0; i < 3; i++) {
            expected[i] = alone(1, prompts[i], DECODES);
        }
        try (EngineSession s = engine.open(3, seqLen)) {
            int[][] got = new int[3][DECODES + 1];
            int[] next = new int[3];
            int[] last = new int[3];
            int[] slots = rows(3);
            s.prefill(3, slots, prompts, next);
            for (int i = 0; i < 3; i++) {
                got[i][0] = next[i];
            }
            int[] stopAt = {DECODES, 30, 15}; // row 2 stops first, then row 1: the batch narrows from the end
            int live = 3;
            for (int t = 1; t <= DECODES; t++) {
                while (live > 0 && stopAt[live - 1] < t) {
                    s.release(--live);
                }
                System.arraycopy(next, 0, last, 0, live);
                s.decode(live, slots, last, next);
                for (int i = 0; i < live; i++) {
                    assertInVocab(next[i], "row " + i);
                    got[i][t] = next[i];
                }
            }
            for (int i = 0; i < 3; i++) {
                assertStreamEquals(Arrays.copyOf(expected[i], stopAt[i] + 1), Arrays.copyOf(got[i], stopAt[i] + 1),
                        "row " + i + " (stops after " + stopAt[i] + " decodes)");
            }
        }
    }

    @Test
    void releasedSlotsAreReusedLikeFreshOnes() {
        assumeBatch(3);
        int[][] first = batchPrompts(50, 3);
        int[][] second = {prompt(60, 11), prompt(61, 2), prompt(62, 6)};
        int[][] fresh;
        try (EngineSession s = engine.open(3, seqLen)) {
            fresh = generate(s, second, DECODES);
        }
        try (EngineSession s = engine.open(3, seqLen)) {
            generate(s, first, DECODES);
            for (int slot = 0; slot < 3; slot++) {
                s.release(slot);
            }
            int[][] reused = generate(s, second, DECODES);
            for (int i = 0; i < 3; i++) {
                assertStreamEquals(fresh[i], reused[i], "row " + i + " in reused slots");
            }
            // Reuse at a smaller batch, into slot 0 only.
            for (int slot = 0; slot < 3; slot++) {
                s.release(slot);
            }
            assertStreamEquals(fresh[1], generate(s, new int[][] {second[1]}, DECODES)[0], "reused slot 0 at batch 1");
        }
    }

    @Test
    void aSlotRefilledWhileOthersRunStartsFresh() {
        assumeBatch(2);
        int[] a = prompt(70, 4);
        int[] b = prompt(71, 10);
        int[] c = prompt(72, 8);
        int[] bAlone = alone(1, b, 30);
        int[] cAlone = alone(1, c, 20);
        try (EngineSession s = engine.open(2, seqLen)) {
            int[] slots = rows(2);
            int[] next = new int[2];
            int[] last = new int[2];
            int[] bGot = new int[31];
            int[] cGot = new int[21];
            s.prefill(2, slots, new int[][] {a, b}, next);
            bGot[0] = next[1];
            for (int t = 1; t <= 10; t++) {
                System.arraycopy(next, 0, last, 0, 2);
                s.decode(2, slots, last, next);
                bGot[t] = next[1];
            }
            int bLast = next[1];
            s.release(0);
            int[] first = new int[1];
            s.prefill(1, new int[] {0}, new int[][] {c}, first);
            cGot[0] = first[0];
            next[0] = first[0];
            next[1] = bLast;
            for (int t = 1; t <= 20; t++) {
                System.arraycopy(next, 0, last, 0, 2);
                s.decode(2, slots, last, next);
                cGot[t] = next[0];
                bGot[10 + t] = next[1];
            }
            assertStreamEquals(cAlone, cGot, "a prompt prefilled into slot 0 while slot 1 runs");
            assertStreamEquals(bAlone, bGot, "slot 1 while slot 0 was released and refilled");
        }
    }

    @Test
    void slotAssignment() {
        assumeBatch(4);
        int[][] prompts = batchPrompts(80, 2);
        if (requiresRowEqualsSlot()) {
            try (EngineSession s = engine.open(4, seqLen)) {
                int[] out = new int[2];
                assertEngineException(() -> s.prefill(2, new int[] {1, 0}, prompts, out), "prefill into slots [1, 0]");
                assertEngineException(() -> s.prefill(1, new int[] {1}, prompts, out), "prefill into slot [1] alone");
                s.prefill(2, rows(2), prompts, out);
                assertEngineException(() -> s.decode(2, new int[] {1, 0}, out.clone(), new int[2]), "decode of slots [1, 0]");
                assertEngineException(() -> s.decode(1, new int[] {1}, out.clone(), new int[2]), "decode of slot [1] alone");
                // The session is still usable after the rejected steps.
                s.decode(2, rows(2), out.clone(), out);
            }
        } else {
            int[][] natural;
            try (EngineSession s = engine.open(4, seqLen)) {
                natural = generate(s, prompts, 10);
            }
            try (EngineSession s = engine.open(4, seqLen)) {
                int[][] swapped = generate(s, new int[] {3, 1}, prompts, 10);
                assertStreamEquals(natural[0], swapped[0], "row 0 in slot 3");
                assertStreamEquals(natural[1], swapped[1], "row 1 in slot 1");
            }
        }
    }

    // ----------------------------------------------------------------------------------------
    // errors
    // ----------------------------------------------------------------------------------------

    @Test
    void decodeOfAFreeSlotThrows() {
        assumeBatch(2);
        try (EngineSession s = engine.open(2, seqLen)) {
            assertEngineException(() -> s.decode(1, rows(1), new int[] {1}, new int[1]), "decode of a never-filled slot");
            int[] out = new int[2];
            s.prefill(2, rows(2), batchPrompts(90, 2), out);
            s.release(0);
            assertEngineException(() -> s.decode(1, rows(1), new int[] {out[0]}, new int[1]), "decode of a released slot");
        }
    }

    @Test
    void tokensOutsideTheVocabularyThrow() {
        try (EngineSession s = engine.open(1, seqLen)) {
            assertEngineException(() -> s.prefill(1, rows(1), new int[][] {{1, vocab, 2}}, new int[1]),
                    "prompt with token " + vocab);
            assertEngineException(() -> s.prefill(1, rows(1), new int[][] {{-1}}, new int[1]), "prompt with token -1");
        }
        try (EngineSession s = engine.open(1, seqLen)) {
            int[] out = new int[1];
            s.prefill(1, rows(1), new int[][] {prompt(91, 4)}, out);
            assertEngineException(() -> s.decode(1, rows(1), new int[] {vocab}, new int[1]), "decode of token " + vocab);
            assertEngineException(() -> s.decode(1, rows(1), new int[] {-1}, new int[1]), "decode of token -1");
            assertEngineException(() -> s.decode(1, rows(1), new int[] {Integer.MAX_VALUE}, new int[1]),
                    "decode of token MAX_VALUE");
        }
    }

    @Test
    void countsOutsideTheSessionThrow() {
        assumeBatch(3);
        try (EngineSession s = engine.open(2, seqLen)) {
            int[][] three = batchPrompts(92, 3);
            assertEngineException(() -> s.prefill(3, rows(3), three, new int[3]), "prefill of 3 in a session of 2");
            assertEngineException(() -> s.prefill(0, rows(1), three, new int[3]), "prefill of 0 sequences");
            int[] out = new int[2];
            s.prefill(2, rows(2), Arrays.copyOf(three, 2), out);
            assertEngineException(() -> s.decode(3, rows(3), new int[] {out[0], out[1], 0}, new int[3]),
                    "decode of 3 in a session of 2");
            assertEngineException(() -> s.decode(0, rows(1), out.clone(), new int[3]), "decode of 0 sequences");
        }
    }

    @Test
    void badSlotsAndPromptsThrow() {
        assumeBatch(2);
        try (EngineSession s = engine.open(2, seqLen)) {
            assertEngineException(() -> s.release(-1), "release(-1)");
            assertEngineException(() -> s.release(2), "release(maxBatch)");
            assertEngineException(() -> s.prefill(1, new int[] {2}, new int[][] {{1}}, new int[1]), "prefill into slot maxBatch");
            assertEngineException(() -> s.prefill(1, rows(1), new int[][] {{}}, new int[1]), "empty prompt");
            assertEngineException(() -> s.prefill(1, rows(1), new int[][] {prompt(93, s.maxSeqLen())}, new int[1]),
                    "prompt of maxSeqLen tokens (no room to generate)");
            int[] out = new int[1];
            s.prefill(1, rows(1), new int[][] {prompt(94, 3)}, out);
            assertEngineException(() -> s.prefill(1, rows(1), new int[][] {prompt(95, 3)}, new int[1]),
                    "prefill into an occupied slot");
        }
    }

    @Test
    void aFullSequenceThrowsInsteadOfOverrunning() {
        try (EngineSession s = engine.open(1, seqLen)) {
            int max = s.maxSeqLen();
            int promptLength = max - 4;
            int[] out = new int[1];
            s.prefill(1, rows(1), new int[][] {prompt(96, promptLength)}, out);
            int generated = 1;
            EngineException thrown = null;
            for (int i = 0; i < 10 && thrown == null; i++) {
                try {
                    s.decode(1, rows(1), out.clone(), out);
                    assertInVocab(out[0], "decode " + i);
                    generated++;
                } catch (EngineException e) {
                    thrown = e;
                }
            }
            assertNotNull(thrown, "decoding past maxSeqLen " + max + " must throw EngineException");
            // The engine honours its declared length; the last generated token need not be cached.
            assertTrue(generated >= max - promptLength && generated <= max - promptLength + 1,
                    "a prompt of " + promptLength + " tokens in a sequence of " + max + " generated " + generated);
        }
    }

    /**
     * A step the engine rejects must leave the session as it was, so the caller can go on. Both
     * engines validate row by row while they update each row's state, so a bad row 1 advances row 0.
     */
    @Test
    void rejectedStepsChangeNothing() {
        assumeBatch(2);
        int[][] prompts = batchPrompts(120, 2);
        int[][] expected;
        try (EngineSession s = engine.open(2, seqLen)) {
            expected = generate(s, prompts, 10);
        }
        try (EngineSession s = engine.open(2, seqLen)) {
            int[] next = new int[2];
            // A prompt with a token outside the vocabulary in row 1: nothing may be prefilled.
            assertEngineException(() -> s.prefill(2, rows(2), new int[][] {prompts[0], {1, vocab}}, new int[2]),
                    "prefill with a bad token in row 1");
            s.prefill(2, rows(2), prompts, next);
            int[][] got = new int[2][11];
            got[0][0] = next[0];
            got[1][0] = next[1];
            for (int t = 1; t <= 10; t++) {
                int[] last = next.clone();
                assertEngineException(() -> s.decode(2, rows(2), new int[] {last[0], vocab}, new int[2]),
                        "decode with a bad token in row 1");
                s.decode(2, rows(2), last, next);
                got[0][t] = next[0];
                got[1][t] = next[1];
            }
            assertStreamEquals(expected[0], got[0], "row 0 after rejected steps");
            assertStreamEquals(expected[1], got[1], "row 1 after rejected steps");
        }
    }

    // ----------------------------------------------------------------------------------------
    // long runs, timers
    // ----------------------------------------------------------------------------------------

    @Test
    void longRunsAreStable() {
        assumeBatch(4);
        int[][] prompts = batchPrompts(100, 4);
        try (EngineSession s = engine.open(4, seqLen)) {
            int[][] first = null;
            long afterFirst = -1;
            for (int round = 0; round < 6; round++) {
                int[][] got = generate(s, prompts, DECODES);
                for (int slot = 0; slot < 4; slot++) {
                    s.release(slot);
                }
                if (first == null) {
                    first = got;
                    afterFirst = liveNativeObjects(engine).orElse(-1);
                } else {
                    for (int i = 0; i < 4; i++) {
                        assertStreamEquals(first[i], got[i], "round " + round + " row " + i);
                    }
                }
            }
            OptionalLong end = liveNativeObjects(engine);
            if (end.isPresent()) {
                assertEquals(afterFirst, end.getAsLong(), "native objects after round 1 vs after round 6");
            }
        }
    }

    @Test
    void stepTimerTimesSteps() {
        try (EngineSession s = engine.open(1, seqLen); StepTimer timer = engine.newStepTimer()) {
            assertNotNull(timer.name());
            int[] out = new int[1];
            long before = engine.clock().nanoTime();
            timer.begin();
            s.prefill(1, rows(1), new int[][] {prompt(110, 5)}, out);
            timer.end();
            assertTrue(timer.wallNanos() >= 0, "wall " + timer.wallNanos());
            assertTrue(timer.endNanos() >= before, "the step ended before it began");
            assertTrue(engine.clock().nanoTime() >= timer.endNanos(), "the clock went backwards");
            if (!timer.measuresGpuTime()) {
                assertEquals(-1, timer.gpuNanos());
            }
            if (info.clock().equals("virtual")) {
                assertTrue(timer.wallNanos() > 0, "a virtual clock must advance by the step's cost");
            }
            timer.begin();
            s.decode(1, rows(1), out.clone(), out);
            timer.end();
            assertTrue(timer.wallNanos() >= 0, "wall " + timer.wallNanos());
        }
    }
}
