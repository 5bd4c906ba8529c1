package io.jharness.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpanRingTest {

    private static final long GAP = 10_000;
    private static final Object STREAM = new Object();

    @Test
    void theFirstStepRecordsItsOwnStart() {
        SpanRing spans = new SpanRing(4, SpanRing.marksFor(4), GAP);
        int start = spans.begin(0, STREAM, 1_000);
        assertTrue(start >= 0);
        assertEquals(1_000, spans.stepStart());
        int end = spans.endEvent(0);
        assertTrue(end != start);
        assertEquals(start, spans.startMark(0));
        assertEquals(end, spans.endMark(0));
    }

    @Test
    void aStepThatFollowsAtOnceStartsAtTheLastStepsEnd() {
        SpanRing spans = new SpanRing(4, SpanRing.marksFor(4), GAP);
        spans.begin(0, STREAM, 1_000);
        int end = spans.endEvent(0);
        spans.ended(0, STREAM, 50_000);
        assertEquals(-1, spans.begin(1, STREAM, 50_000 + GAP));
        assertEquals(end, spans.startMark(1));
        assertEquals(50_000, spans.stepStart(), "its wall time runs from the last step's end too");
    }

    @Test
    void aPauseOrAnotherStreamGetsAStartEventOfItsOwn() {
        SpanRing spans = new SpanRing(4, SpanRing.marksFor(4), GAP);
        spans.begin(0, STREAM, 0);
        spans.endEvent(0);
        spans.ended(0, STREAM, 1_000);
        assertTrue(spans.begin(1, STREAM, 1_000 + GAP + 1) >= 0, "a pause longer than the gap");
        assertEquals(1_000 + GAP + 1, spans.stepStart());
        spans.endEvent(1);
        spans.ended(1, STREAM, 2_000_000);
        assertTrue(spans.begin(2, new Object(), 2_000_001) >= 0, "another stream");
    }

    @Test
    void tooFewEventsForTheStepsInFlightIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SpanRing(4, SpanRing.marksFor(4) - 1, GAP));
    }

    /**
     * The timer's use, simulated: steps that chain or not at random, each read when its ring slot
     * comes round again (or all at once, as a flush does). No event a step still waiting to be
     * read spans may be handed out again.
     */
    @Test
    void noEventIsRecordedAgainWhileAStepInFlightStillSpansIt() {
        int slots = CudaEventStepTimer.RING;
        SpanRing spans = new SpanRing(slots, SpanRing.marksFor(slots), GAP);
        boolean[] pending = new boolean[slots];
        SplittableRandom random = new SplittableRandom(7);
        Object[] streams = {STREAM, new Object()};
        long now = 0;
        int slot = slots - 1;
        for (int step = 0; step < 100_000; step++) {
            if (random.nextInt(50) == 0) {
                java.util.Arrays.fill(pending, false); // a flush reads every step in flight
            }
            slot = (slot + 1) % slots;
            pending[slot] = false; // read when its slot comes round
            now += random.nextInt(4) == 0 ? GAP + 1 + random.nextInt(1_000) : random.nextInt((int) GAP);
            Object stream = streams[random.nextInt(10) == 0 ? 1 : 0];
            int start = spans.begin(slot, stream, now);
            if (start >= 0) {
                assertFree(spans, pending, start, step);
            }
            int end = spans.endEvent(slot);
            assertFree(spans, pending, end, step);
            assertFalse(end == spans.startMark(slot), "a step's span needs two events");
            now += 1 + random.nextInt(100_000);
            spans.ended(slot, stream, now);
            pending[slot] = true;
        }
    }

    private static void assertFree(SpanRing spans, boolean[] pending, int mark, int step) {
        for (int s = 0; s < pending.length; s++) {
            if (pending[s]) {
                assertTrue(mark != spans.startMark(s) && mark != spans.endMark(s),
                        "step " + step + " was handed event " + mark + ", which the step in slot " + s + " still spans");
            }
        }
    }
}
