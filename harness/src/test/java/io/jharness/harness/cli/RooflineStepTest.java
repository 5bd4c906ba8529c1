package io.jharness.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.engine.EngineInfo;
import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.RooflineCeiling;
import io.jharness.harness.results.StepTimeSummary;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RooflineStepTest {

    private static final String MODEL = Path.of("..", "models", "fixtures", "tiny-gpt2.pt").toString();
    private static final RooflineCeiling CEILING = new RooflineCeiling("NVIDIA H100 80GB HBM3", 0.05, 1024L, 3350.0);

    private final StringWriter errText = new StringWriter();
    private final PrintWriter err = new PrintWriter(errText, true);

    private static EngineInfo engine(boolean simulated) {
        return new EngineInfo("djl", MODEL, "cuda:0 (NVIDIA H100 80GB HBM3)", "fp32", 512, 64, 256, "wall", simulated,
                Map.of());
    }

    private static BenchmarkRun.Results results() {
        var decode = new StepTimeSummary(93, 1.0, new DistributionSummary(1, 1, 1, 1, 1, 1, 1, 1, 0), 0.93, null, null);
        var p = new ThroughputPoint(100.0, 320L, 3.2, 10, 32.0, 4, ThroughputPoint.OK, null, 1000L, 3, 3.1, null, decode);
        return new BenchmarkRun.Results(new ThroughputResult(List.of(p)), null);
    }

    @Test
    void aThroughputRunWithAModelOnAGpuGetsCeilingsAndRooflines() {
        RooflineStep step = RooflineStep.prepare("throughput", MODEL, engine(false), 0, err, d -> CEILING);
        assertSame(CEILING, step.ceiling());
        BenchmarkRun.Results r = step.apply(results(), err);
        var roofline = r.throughput().points().get(0).roofline();
        assertEquals(937_643, roofline.bytesPerStep());
        assertTrue(roofline.exceedsCopyCeiling());
        assertTrue(errText.toString().startsWith("warning: batch 4: "), errText.toString());
    }

    @Test
    void onTheCpuThereIsNoCeilingToMeasure() {
        RooflineStep step = RooflineStep.prepare("throughput", MODEL, engine(false), -1, err, d -> {
            throw new AssertionError("no CUDA device to probe");
        });
        assertNull(step.ceiling());
        assertEquals("gpu",
                step.apply(results(), err).throughput().points().get(0).roofline().timeBasis());
        assertEquals("", errText.toString());
    }

    @Test
    void noneWithoutAModelForOtherWorkloadsOrSimulated() {
        for (RooflineStep step : List.of(
                RooflineStep.prepare("throughput", null, engine(false), 0, err, d -> CEILING),
                RooflineStep.prepare("latency", MODEL, engine(false), 0, err, d -> CEILING),
                RooflineStep.prepare("throughput", MODEL, engine(true), 0, err, d -> CEILING))) {
            assertSame(RooflineStep.NONE, step);
            BenchmarkRun.Results r = results();
            assertSame(r, step.apply(r, err));
        }
        assertEquals("", errText.toString(), "said nothing");
    }

    @Test
    void aModelWithoutASidecarSaysSoInOneLine() {
        RooflineStep step = RooflineStep.prepare("throughput", "/nonexistent/m.pt", engine(false), 0, err, d -> CEILING);
        assertSame(RooflineStep.NONE, step);
        assertEquals("roofline: off: no m.json beside /nonexistent/m.pt" + System.lineSeparator(), errText.toString());
    }
}
