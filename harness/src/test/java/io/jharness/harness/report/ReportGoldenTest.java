package io.jharness.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.harness.check.TargetsReader;
import io.jharness.harness.results.RunMetadata.HarnessBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * The report's HTML, element for element, against {@code golden/report.html}: a simulated mock
 * latency run with a check.json (a test fixture), and two real H100 runs from {@code examples/}
 * (a throughput sweep with GPU telemetry and a serve sweep), checked against the example targets.
 * The PNG bytes of the charts depend on the machine's fonts, so each {@code data:} payload is
 * replaced by a placeholder; the time and build are fixed by the {@link ReportContext}. After an
 * intended change, regenerate with {@code -Dgolden.update=true} and review the diff.
 */
class ReportGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/report.html");
    private static final Pattern PNG_PAYLOAD = Pattern.compile("data:image/png;base64,[A-Za-z0-9+/=]+");
    static final Path MOCK_LATENCY = Path.of("src/test/resources/report/mock-latency");
    static final Path H100_THROUGHPUT = Path.of("..", "examples", "h100-gpt2-medium", "telemetry-run");
    static final Path H100_SERVE = Path.of("..", "examples", "h100-gpt2-medium", "serve-static");
    static final Path TARGETS = Path.of("..", "models", "targets.example.yaml");
    static final ReportContext CONTEXT = new ReportContext(Instant.parse("2026-11-22T10:00:00Z"),
            new HarnessBuild("jharness", "0.1.0-test", "0123456789abcdef0123456789abcdef01234567", false), true);

    static List<RunResults> runs() {
        var targets = TargetsReader.read(TARGETS);
        return List.of(
                RunResultsReader.read(MOCK_LATENCY, targets, "models/targets.example.yaml"),
                RunResultsReader.read(H100_THROUGHPUT, targets, "models/targets.example.yaml"),
                RunResultsReader.read(H100_SERVE, targets, "models/targets.example.yaml"));
    }

    @Test
    void reportMatchesTheGoldenFile() throws IOException {
        String html = ReportDocument.html(runs(), CONTEXT);
        String stable = PNG_PAYLOAD.matcher(html).replaceAll("data:image/png;base64,PNG");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN, stable);
        }
        assertEquals(Files.readString(GOLDEN), stable, "differs from golden file " + GOLDEN);
    }

    @Test
    void everyPayloadIsAPng() {
        Document doc = Jsoup.parse(ReportDocument.html(runs(), CONTEXT));
        // Mock latency: bar chart and overview. H100 throughput: bar chart, overview, telemetry.
        // H100 serve: latency vs throughput, throughput vs rate, timeline, telemetry.
        assertEquals(9, doc.select("img").size());
        doc.select("img").forEach(img -> {
            String src = img.attr("src");
            assertTrue(PNG_PAYLOAD.matcher(src).matches(), () -> "not a data: PNG: " + src.substring(0, 40));
            byte[] png = java.util.Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1));
            assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(img.attr("width"), Integer.toString(java.nio.ByteBuffer.wrap(png, 16, 4).getInt()));
        });
    }
}
