package io.jharness.harness.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.engine.EngineSpec;
import io.jharness.engine.mock.MockEngine;
import io.jharness.engine.mock.MockEngineProvider;
import io.jharness.harness.config.EngineSelection;
import io.jharness.harness.config.ServeConfig;
import io.jharness.harness.config.SloSpec;
import io.jharness.harness.config.UsageException;
import io.jharness.harness.progress.ProgressListener;
import io.jharness.harness.results.ServePoint;
import io.jharness.harness.results.ServeSweep;
import io.jharness.harness.runner.StopSignal;
import io.jharness.harness.runner.SweepControl;
import io.jharness.harness.workload.LengthDistribution;
import io.jharness.harness.workload.TraceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ServeRunnerTest {

    private static ServeConfig config(List<Double> rates, List<Integer> conc, boolean search, SloSpec slo,
            double[] steady, int slots) {
        return new ServeConfig(EngineSelection.auto(), "continuous", Map.of(), slots, rates, conc, search, "poisson", 1.0,
                150, 5, new LengthDistribution.Fixed(16), new LengthDistribution.Fixed(16), null, TraceOptions.DEFAULTS,
                slo, steady, false, 7);
    }

    private static MockEngine mock(Map<String, String> options) {
        return (MockEngine) new MockEngineProvider().create(new EngineSpec(null, null, null, 1, options));
    }

    @Test
    void everyPointIsReportedAndWrittenAsItFinishes() {
        List<String> written = new ArrayList<>();
        try (MockEngine e = mock(Map.of())) {
            ServeSweep sweep = new ServeRunner(config(List.of(2.0, 8.0), List.of(), false, null, new double[] {0.1, 0.9}, 16),
                    e, null, ProgressListener.NONE, (p, requests) -> {
                        written.add(p.label());
                        assertEquals(155, requests.size());
                    }).run();
            assertEquals(List.of("rate=2", "rate=8"), written);
            ServePoint p = sweep.points().get(0);
            assertEquals(150, p.metrics().requests(), "warm-up requests are not counted");
            assertTrue(p.steadyState().requests() < 150 && p.steadyState().requests() > 100, "steady state is a window");
            assertNull(p.meetsSlo());
            assertNull(sweep.maxRate());
            assertEquals(2.0, p.offeredRate());
            assertEquals(p.metrics().requestsPerSec(), 2.0, 0.5, "achieved rate is near the offered one");
        }
    }

    @Test
    void repeatsRunEachPointOnFreshSessionsAndReportTheSpread() {
        List<String> written = new ArrayList<>();
        try (var e = new io.jharness.harness.runner.RotatingEngine(1, 2, 3)) {
            ServeConfig base = config(List.of(4.0, 32.0), List.of(), false, null, null, 16);
            ServeConfig three = new ServeConfig(base.engine(), base.scheduler(), base.schedulerOptions(), base.slots(),
                    base.rates(), base.concurrencies(), false, base.arrival(), base.burstiness(), base.numRequests(),
                    base.warmupRequests(), base.inputLen(), base.outputLen(), null, base.traceOptions(), null, null, false,
                    base.seed(), 3);
            ServeSweep sweep = new ServeRunner(three, e, null, ProgressListener.NONE, (p, r) -> written.add(p.label())).run();
            assertEquals(6, e.opened(), "3 repeats x 2 rates");
            assertEquals(List.of("rate=4", "rate=32"), written, "each point written once, with its median repeat's requests");
            for (ServePoint p : sweep.points()) {
                ServePoint.Repeats r = p.repeats();
                assertEquals(3, r.outputTokensPerSec().n());
                assertEquals(r.outputTokensPerSec().median(), p.metrics().outputTokensPerSec());
                assertEquals(r.requestsPerSec().median(), p.metrics().requestsPerSec());
                assertTrue(r.ttftP99Ms().max() > r.ttftP99Ms().min(), r.ttftP99Ms()::toString);
            }
        }
    }

    @Test
    void maxRateSearchBracketsTheKnee() {
        try (MockEngine e = mock(Map.of())) {
            SloSpec slo = SloSpec.parse("ttft=40ms,tpot=6ms");
            ServeSweep sweep = new ServeRunner(config(List.of(), List.of(), true, slo, null, 16), e, null,
                    ProgressListener.NONE, (p, r) -> {}).run();
            ServeSweep.MaxRate max = sweep.maxRate();
            assertNotNull(max.rate(), "some rate meets the SLO");
            assertNotNull(max.firstFailing());
            assertTrue(max.rate() < max.firstFailing());
            assertTrue((max.firstFailing() - max.rate()) / max.firstFailing() <= ServeRunner.SEARCH_TOLERANCE + 1e-9);
            assertEquals(sweep.points().size(), max.probes());
            for (ServePoint p : sweep.points()) {
                assertEquals(p.offeredRate() <= max.rate(), p.meetsSlo(), "monotone: " + p.label());
            }
        }
    }

    @Test
    void aFailingPointIsRecordedAndTheSweepGoesOn() {
        try (MockEngine e = mock(Map.of("fail-at-batch", "16"))) {
            ServeSweep sweep = new ServeRunner(config(List.of(), List.of(1, 2), false, null, null, 16), e, null,
                    ProgressListener.NONE, (p, r) -> {}).run();
            assertEquals(2, sweep.points().size());
            for (ServePoint p : sweep.points()) {
                assertEquals("failed", p.status());
                assertTrue(p.error().contains("out of memory"), p.error());
            }
        }
    }

    @Test
    void configRejectsWhatCannotRun() {
        assertThrows(UsageException.class, () -> config(List.of(), List.of(), false, null, null, 4), "no load");
        assertThrows(UsageException.class, () -> config(List.of(1.0), List.of(2), false, null, null, 4), "two loads");
        assertThrows(UsageException.class, () -> config(List.of(), List.of(), true, null, null, 4), "search without SLO");
        assertThrows(UsageException.class, () -> config(List.of(-1.0), List.of(), false, null, null, 4), "negative rate");
        assertThrows(UsageException.class, () -> config(List.of(1.0), List.of(), false, null, new double[] {0.9, 0.1}, 4));
        assertThrows(UsageException.class, () -> config(List.of(1.0), List.of(), false, null, null, 0), "no slots");
    }

    @Test
    void preflightNamesTheSchedulerProblem() {
        try (MockEngine e = mock(Map.of())) {
            ServeConfig bad = new ServeConfig(EngineSelection.auto(), "fifo", Map.of(), 4, List.of(1.0), List.of(), false,
                    "poisson", 1.0, 10, 0, new LengthDistribution.Fixed(4), new LengthDistribution.Fixed(4), null,
                    TraceOptions.DEFAULTS, null, null, false, 1);
            UsageException x = assertThrows(UsageException.class,
                    () -> new ServeRunner(bad, e, null, ProgressListener.NONE, (p, r) -> {}).run());
            assertTrue(x.getMessage().contains("fifo"), x.getMessage());
        }
    }

    @Test
    void aPointThatHangsPastTheTimeoutFailsAndTheSweepGoesOn() {
        List<String> written = new ArrayList<>();
        List<Integer> checkpoints = new ArrayList<>();
        try (MockEngine e = mock(Map.of("hang-at-batch", "16"));
                SweepControl control = new SweepControl(300_000_000L, StopSignal.NEVER)) {
            ServeConfig config = config(List.of(2.0, 4.0), List.of(), false, null, null, 16);
            ServeSweep sweep = new ServeRunner(config, e, null, ProgressListener.NONE, (p, r) -> written.add(p.label()))
                    .run(control, null, partial -> checkpoints.add(partial.points().size()));
            assertEquals(List.of("failed", "failed"), sweep.points().stream().map(ServePoint::status).toList(),
                    "every point ran, and timed out");
            assertEquals("timed out after 0.3 s", sweep.points().get(1).error());
            assertEquals(List.of(), written, "a timed-out point has no request files");
            assertEquals(List.of(1, 2), checkpoints);
        }
    }

    @Test
    void resumeKeepsOkPointsByLabelAndAStoppedSearchHasNoAnswer() {
        SloSpec slo = SloSpec.parse("ttft=40ms,tpot=6ms");
        ServeConfig config = config(List.of(), List.of(), true, slo, null, 16);
        ServeSweep full;
        try (MockEngine e = mock(Map.of())) {
            full = new ServeRunner(config, e, null, ProgressListener.NONE, (p, r) -> {}).run();
        }
        // Stop the search after its second probe: no answer, probes so far recorded.
        AtomicBoolean stop = new AtomicBoolean();
        ServeSweep stopped;
        try (MockEngine e = mock(Map.of()); SweepControl control = new SweepControl(0, stop::get)) {
            stopped = new ServeRunner(config, e, null, ProgressListener.NONE, (p, r) -> {}).run(control, null,
                    partial -> stop.set(partial.points().size() == 2));
            assertTrue(control.interrupted());
        }
        assertNull(stopped.maxRate(), "a search cut short has no answer");
        assertEquals(List.of("ok", "ok", "skipped"), stopped.points().stream().map(ServePoint::status).toList());
        // Resuming measures only the probes it did not have, and finds the same answer.
        List<String> measured = new ArrayList<>();
        ServeSweep resumed;
        try (MockEngine e = mock(Map.of()); SweepControl control = SweepControl.none()) {
            resumed = new ServeRunner(config, e, null, ProgressListener.NONE, (p, r) -> measured.add(p.label()))
                    .run(control, stopped, partial -> {});
        }
        assertEquals(full.maxRate(), resumed.maxRate());
        assertSame(stopped.points().get(0), resumed.points().get(0));
        assertEquals(full.points().size() - 2, measured.size(), () -> "measured again: " + measured);
        assertFalse(measured.contains(stopped.points().get(1).label()));
    }
}
