package io.jharness.harness.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.engine.EngineException;
import io.jharness.harness.config.UsageException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SweepControlTest {

    private static final long MS = 1_000_000L;

    /** Steps of 5 ms, checking the guard before each, for at most {@code steps} steps. */
    private static String steps(StepGuard guard, int steps) {
        for (int i = 0; i < steps; i++) {
            guard.check();
            sleep(5);
        }
        return "done";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted");
        }
    }

    @Test
    void aPointWithinItsDeadlineReturnsItsValue() {
        try (SweepControl c = new SweepControl(2_000 * MS, StopSignal.NEVER)) {
            assertEquals(new SweepControl.Outcome.Done<>("done"), c.run(g -> steps(g, 3)));
            assertFalse(c.interrupted());
            assertFalse(c.engineStuck());
        }
    }

    @Test
    void aSlowPointStopsAtTheNextStepAfterItsDeadline() {
        try (SweepControl c = new SweepControl(100 * MS, StopSignal.NEVER)) {
            long start = System.nanoTime();
            var outcome = c.run(g -> steps(g, 100_000));
            assertEquals(new SweepControl.Outcome.Stopped<>(PointStoppedException.Reason.TIMEOUT), outcome);
            assertTrue(System.nanoTime() - start < 2_000 * MS, "stopped near its deadline");
            assertEquals("timed out after 0.1 s", c.timeoutMessage());
            assertEquals(new SweepControl.Outcome.Done<>("done"), c.run(g -> steps(g, 1)), "the next point runs");
        }
    }

    @Test
    void aStepThatBlocksIsInterruptedAfterTheGrace() {
        try (SweepControl c = new SweepControl(100 * MS, StopSignal.NEVER, 50 * MS)) {
            var outcome = c.run(g -> {
                g.check();
                sleep(60_000); // returns only when interrupted
                return "never";
            });
            assertEquals(new SweepControl.Outcome.Stopped<>(PointStoppedException.Reason.TIMEOUT), outcome,
                    "ended by the deadline, not an engine failure");
            assertFalse(c.engineStuck());
            assertEquals(new SweepControl.Outcome.Done<>("done"), c.run(g -> steps(g, 1)),
                    "the next point starts without the interrupt");
        }
    }

    @Test
    void aStepThatIgnoresInterruptsIsGivenUp() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean returned = new AtomicBoolean();
        try (SweepControl c = new SweepControl(100 * MS, StopSignal.NEVER, 50 * MS)) {
            var outcome = c.run(g -> {
                while (true) {
                    try {
                        release.await();
                        returned.set(true);
                        return "late";
                    } catch (InterruptedException e) {
                        // a step in native code does not see interrupts either
                    }
                }
            });
            assertEquals(new SweepControl.Outcome.Abandoned<>(PointStoppedException.Reason.TIMEOUT), outcome);
            assertTrue(c.engineStuck());
            assertFalse(returned.get());
            IllegalStateException again = assertThrows(IllegalStateException.class, () -> c.run(g -> "x"));
            assertTrue(again.getMessage().contains(SweepControl.ENGINE_STUCK), again.getMessage());
        } finally {
            release.countDown();
        }
    }

    @Test
    void theStopFlagStopsAPointAndTheRunCountsAsInterrupted() {
        AtomicBoolean stop = new AtomicBoolean();
        try (SweepControl c = new SweepControl(0, stop::get)) {
            assertFalse(c.stopBeforePoint());
            var outcome = c.run(g -> {
                for (int i = 0; ; i++) {
                    if (i == 3) {
                        stop.set(true);
                    }
                    g.check();
                    sleep(1);
                }
            });
            assertEquals(new SweepControl.Outcome.Stopped<>(PointStoppedException.Reason.STOP), outcome);
            assertTrue(c.interrupted());
            assertTrue(c.stopBeforePoint());
        }
    }

    @Test
    void engineFailuresAreOutcomesAndOtherExceptionsPassThrough() {
        try (SweepControl c = SweepControl.none()) {
            assertEquals(new SweepControl.Outcome.Failed<>("out of memory"), c.run(g -> {
                throw new EngineException("out of memory");
            }));
            UsageException usage = new UsageException("bad");
            assertSame(usage, assertThrows(UsageException.class, () -> c.run(g -> {
                throw usage;
            })));
        }
    }

    @Test
    void everyPointRunsOnTheSameEngineThread() {
        try (SweepControl c = SweepControl.none()) {
            Thread first = ((SweepControl.Outcome.Done<Thread>) c.run(g -> Thread.currentThread())).value();
            Thread second = ((SweepControl.Outcome.Done<Thread>) c.run(g -> Thread.currentThread())).value();
            assertSame(first, second, "engines that keep per-thread state (a CUDA context) see one thread");
            assertTrue(first.isDaemon(), "a stuck engine thread must not keep the JVM alive");
        }
    }

    @Test
    void graceIsAQuarterOfTheTimeoutWithinBounds() {
        assertEquals(100 * MS, SweepControl.defaultGrace(200 * MS));
        assertEquals(250 * MS, SweepControl.defaultGrace(1_000 * MS));
        assertEquals(5_000 * MS, SweepControl.defaultGrace(600_000 * MS));
        assertEquals(5_000 * MS, SweepControl.defaultGrace(0));
    }
}
