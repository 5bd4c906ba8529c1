package io.jharness.engine.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TimingTest {

    @Test
    void hostTimerMeasuresOnItsClock() {
        VirtualClock clock = new VirtualClock();
        HostClockStepTimer timer = new HostClockStepTimer(clock);
        clock.advance(100);
        timer.begin();
        clock.advance(2_500);
        timer.end();
        assertEquals(2_500, timer.wallNanos());
        assertEquals(2_600, timer.endNanos());
        assertEquals(-1, timer.gpuNanos());
        assertFalse(timer.measuresGpuTime());
        assertEquals("host-clock", timer.name());
    }

    @Test
    void virtualClockNeverGoesBack() {
        assertThrows(IllegalArgumentException.class, () -> new VirtualClock().advance(-1));
    }

    @Test
    void durationsParseAndFormat() {
        assertEquals(4_000_000, Durations.parseNanos("4ms"));
        assertEquals(15_000, Durations.parseNanos("15us"));
        assertEquals(500_000, Durations.parseNanos("0.5ms"));
        assertEquals(2_000_000_000, Durations.parseNanos(" 2s "));
        assertEquals(60_000_000_000L, Durations.parseNanos("1min"));
        assertEquals(120_000_000_000L, Durations.parseNanos("2m"));
        assertEquals(7, Durations.parseNanos("7ns"));
        assertEquals(0, Durations.parseNanos("0"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("4"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("ms"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("-1ms"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos("0.5ns"));
        assertEquals("4ms", Durations.format(4_000_000));
        assertEquals("15us", Durations.format(15_000));
        assertEquals("2s", Durations.format(2_000_000_000));
        assertEquals("0ns", Durations.format(0));
        assertEquals("1500ns", Durations.format(1_500));
    }
}
