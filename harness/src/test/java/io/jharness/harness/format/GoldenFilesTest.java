package io.jharness.harness.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.RunMetadata;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.ThroughputResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every output file's exact shape, against a golden file in src/test/resources/golden. After an
 * intended change, regenerate with {@code -Dgolden.update=true} and review the diff.
 */
class GoldenFilesTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    private static String render(ResultFormat format, RunReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void assertGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual);
        }
        assertEquals(Files.readString(file), actual, "differs from golden file " + file);
    }

    private static RunReport throughputReport() {
        return new RunReport(SampleResults.metadata("throughput"), SampleResults.throughput(), null);
    }

    private static RunReport latencyReport() {
        return new RunReport(SampleResults.metadata("latency"), null, SampleResults.latency());
    }

    @Test
    void throughputJson() throws IOException {
        String json = render(new ThroughputJson(), throughputReport());
        assertGolden("throughput.json", json);
        assertEquals(SampleResults.throughput(), Json.mapper().readValue(json, ThroughputResult.class), "round trip");
    }

    @Test
    void throughputJsonKeepsTheShapeScriptsRead() throws IOException {
        JsonNode root = Json.mapper().readTree(render(new ThroughputJson(), throughputReport()));
        assertEquals(List.of("1", "8", "64"), names(root.fieldNames()));
        for (String key : List.of("throughput_tokens_per_sec", "total_tokens", "elapsed_sec", "num_prompts",
                "avg_tokens_per_prompt")) {
            assertTrue(root.get("8").has(key), key);
        }
        assertEquals("failed", root.get("64").get("status").asText());
        assertFalse(root.get("64").has("throughput_tokens_per_sec"), "a failed point carries no figures");
    }

    @Test
    void latencyJson() throws IOException {
        String json = render(new LatencyJson(), latencyReport());
        assertGolden("latency.json", json);
        assertEquals(SampleResults.latency(), Json.mapper().readValue(json, LatencyResult.class), "round trip");
        JsonNode root = Json.mapper().readTree(json);
        for (String key : List.of("mean_ms", "median_ms", "p95_ms", "p99_ms", "num_runs", "ttft_ms", "itl_ms", "tpot_ms")) {
            assertTrue(root.has(key), key);
        }
    }

    @Test
    void runJson() throws IOException {
        String json = render(new RunJson(), throughputReport());
        assertGolden("run.json", json);
        assertEquals(SampleResults.metadata("throughput"), Json.mapper().readValue(json, RunMetadata.class), "round trip");
    }

    @Test
    void summaryText() throws IOException {
        assertGolden("SUMMARY-throughput.txt", render(new SummaryText(), throughputReport()));
        assertGolden("SUMMARY-latency.txt", render(new SummaryText(), latencyReport()));
    }

    @Test
    void interruptedAndResumedRun() throws IOException {
        RunReport report = new RunReport(SampleResults.resumedMetadata(), SampleResults.interrupted(), null);
        String json = render(new RunJson(), report);
        assertGolden("run-resumed.json", json);
        assertEquals(SampleResults.resumedMetadata(), Json.mapper().readValue(json, RunMetadata.class), "round trip");
        String throughput = render(new ThroughputJson(), report);
        assertGolden("throughput-interrupted.json", throughput);
        assertEquals(SampleResults.interrupted(), Json.mapper().readValue(throughput, ThroughputResult.class), "round trip");
        assertGolden("SUMMARY-interrupted.txt", render(new SummaryText(), report));
    }

    /** A run with a model: the roofline in throughput.json, its ceilings in run.json, its table in SUMMARY.txt. */
    @Test
    void rooflineFiles() throws IOException {
        RunReport report = new RunReport(SampleResults.metadata("throughput").withRooflineCeiling(SampleResults.ceiling()),
                SampleResults.throughputWithRoofline(), null);
        String throughput = render(new ThroughputJson(), report);
        assertGolden("throughput-roofline.json", throughput);
        assertEquals(SampleResults.throughputWithRoofline(), Json.mapper().readValue(throughput, ThroughputResult.class),
                "round trip");
        String run = render(new RunJson(), report);
        assertGolden("run-roofline.json", run);
        assertEquals(report.metadata(), Json.mapper().readValue(run, RunMetadata.class), "round trip");
        assertGolden("SUMMARY-throughput-roofline.txt", render(new SummaryText(), report));
    }

    @Test
    void aRunWithoutAModelHasNoRoofline() throws IOException {
        assertFalse(render(new ThroughputJson(), throughputReport()).contains("roofline"));
        assertFalse(render(new RunJson(), throughputReport()).contains("roofline"));
        assertFalse(render(new SummaryText(), throughputReport()).contains("roofline"));
    }

    private static <T> List<T> names(java.util.Iterator<T> it) {
        List<T> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
