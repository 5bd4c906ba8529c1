package io.jharness.harness.roofline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.engine.EngineSpec;
import io.jharness.engine.mock.MockEngine;
import io.jharness.engine.mock.MockEngineProvider;
import io.jharness.harness.config.EngineSelection;
import io.jharness.harness.config.ThroughputConfig;
import io.jharness.harness.config.WarmupSpec;
import io.jharness.harness.progress.ProgressListener;
import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.PointRoofline;
import io.jharness.harness.results.RooflineCeiling;
import io.jharness.harness.results.StepTimeSummary;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import io.jharness.harness.runner.ThroughputRunner;
import io.jharness.harness.workload.LengthDistribution;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rooflines from synthetic step times. */
class RooflineAnalysisTest {

    private static final ModelShape TINY = DecodeRooflineTest.TINY_GPT2;
    private static final DistributionSummary ANY = new DistributionSummary(1, 1, 1, 1, 1, 1, 1, 1, 0);

    /**
     * 10 prompts of 100 tokens, 32 tokens each, batch 4: batches of 4, 4 and 2, 31 decode steps
     * each, 93 in all; 10 x 31 = 310 sequence-steps, so 10/3 sequences a step; context 100 + 16.
     */
    private static ThroughputPoint point(Double gpuTotalSec, double wallTotalSec) {
        StepTimeSummary decode = new StepTimeSummary(93, wallTotalSec, ANY, gpuTotalSec,
                gpuTotalSec == null ? null : ANY, gpuTotalSec == null ? null : ANY);
        return new ThroughputPoint(100.0, 320L, 3.2, 10, 32.0, 4, ThroughputPoint.OK, null, 1000L, 3, 3.1, null, decode);
    }

    /** 531,456 + 1,024 x 116 x 10/3 + 1,024 x 10/3 + 10/3 x 512 x 4 = 937,642.67. */
    private static final long BYTES = 937_643;

    @Test
    void dividesTheStepsBytesAndFlopsByTheGpuTime() {
        var ceiling = new RooflineCeiling("NVIDIA H100 80GB HBM3", 0.05, 1024L, 0.2);
        // GPU time 0.93 s over 93 steps: 10 ms a step (wall 1.5 s is not used).
        var a = RooflineAnalysis.annotate(new ThroughputResult(List.of(point(0.93, 1.5))), TINY, ceiling);
        PointRoofline r = a.result().points().get(0).roofline();
        assertEquals(3.33333, r.batchPerStep());
        assertEquals(116.0, r.contextLen());
        assertEquals(BYTES, r.bytesPerStep());
        // 2 x 132,864 x 10/3 + 4 x 2 x 4 x 16 x 116 x 10/3 = 885,760 + 197,973.33.
        assertEquals(1_083_733, r.flopsPerStep());
        assertEquals(10.0, r.stepMs());
        assertEquals(PointRoofline.GPU, r.timeBasis());
        assertEquals(0.0937643, r.achievedGbPerSec());
        assertEquals(1.08373e-4, r.achievedTflops());
        assertEquals(0.468821, r.mbuDatasheet());
        assertEquals(1.87529, r.mbuCopy());
        assertTrue(r.exceedsCopyCeiling(), "0.094 GB/s is above a 0.05 GB/s copy");
        assertEquals(1, a.warnings().size());
        assertTrue(a.warnings().get(0).startsWith("warning: batch 4: "), a.warnings().get(0));
        assertTrue(a.warnings().get(0).contains("measurement error"), a.warnings().get(0));
    }

    @Test
    void wallTimeWithoutAGpuTimerAndNoCeilingOnACpu() {
        var a = RooflineAnalysis.annotate(new ThroughputResult(List.of(point(null, 1.86))), TINY, null);
        PointRoofline r = a.result().points().get(0).roofline();
        assertEquals(PointRoofline.WALL, r.timeBasis());
        assertEquals(20.0, r.stepMs());
        assertEquals(0.0468821, r.achievedGbPerSec());
        assertNull(r.mbuDatasheet());
        assertNull(r.mbuCopy());
        assertNull(r.exceedsCopyCeiling(), "no ceiling, no verdict");
        assertTrue(a.warnings().isEmpty());
    }

    @Test
    void belowTheCeilingIsNoWarning() {
        var ceiling = new RooflineCeiling("NVIDIA H200", 1.0, 1024L, 4800.0);
        var a = RooflineAnalysis.annotate(new ThroughputResult(List.of(point(0.93, 1.0))), TINY, ceiling);
        assertFalse(a.result().points().get(0).roofline().exceedsCopyCeiling());
        assertTrue(a.warnings().isEmpty());
    }

    @Test
    void failedPointsAndOneTokenRunsHaveNone() {
        ThroughputPoint failed = ThroughputPoint.failed(64, "out of memory");
        ThroughputPoint oneToken = new ThroughputPoint(100.0, 10L, 0.1, 10, 1.0, 4, ThroughputPoint.OK, null, 1000L, 3,
                100.0, null, new StepTimeSummary(0, 0, null, null, null, null));
        var a = RooflineAnalysis.annotate(new ThroughputResult(List.of(failed, oneToken)), TINY, null);
        assertSame(failed, a.result().points().get(0));
        assertNull(a.result().points().get(1).roofline());
    }

    /** The mean batch and context derived from a point agree with what the runner really ran. */
    @Test
    void derivesTheStepsShapeFromARealSweep() {
        try (MockEngine engine = (MockEngine) new MockEngineProvider()
                .create(new EngineSpec(null, null, null, 1, Map.of("jitter", "0")))) {
            var config = new ThroughputConfig(EngineSelection.auto(), List.of(4), 10, 8,
                    new LengthDistribution.Uniform(5, 40), new WarmupSpec(0, 0), 3);
            ThroughputPoint p = new ThroughputRunner(config, engine, ProgressListener.NONE).run().points().get(0);
            PointRoofline r = RooflineAnalysis.annotate(new ThroughputResult(List.of(p)), TINY, null)
                    .result().points().get(0).roofline();
            // Batches of 4, 4, 2 with 7 decode steps each: 70 sequence-steps over 21 steps.
            assertEquals(21, p.decode().steps());
            assertEquals(RooflineAnalysis.digits(70.0 / 21), r.batchPerStep());
            // Step t of a sequence with prompt p attends to p + t positions, t = 1..7: mean p + 4.
            assertEquals(RooflineAnalysis.digits(p.promptTokens() / 10.0 + 4), r.contextLen());
        }
    }
}
