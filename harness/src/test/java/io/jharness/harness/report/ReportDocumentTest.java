package io.jharness.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jharness.harness.check.TargetsReader;
import io.jharness.harness.format.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the report's DOM holds for particular results: escaping, self-containment, the SIMULATED marks, targets. */
class ReportDocumentTest {

    private static final String HOSTILE = "<script>alert(\"x\")</script> & <img src=http://127.0.0.1/x onerror=alert(1)>";

    @TempDir
    Path tmp;

    private static Document report(List<RunResults> runs, boolean charts) {
        ReportContext context = new ReportContext(ReportGoldenTest.CONTEXT.generatedAt(), ReportGoldenTest.CONTEXT.harness(), charts);
        return Jsoup.parse(ReportDocument.html(runs, context));
    }

    /** The mock latency fixture copied into tmp, without its check.json. */
    private Path mockCopy() throws IOException {
        Path dir = tmp.resolve("mock");
        Files.createDirectories(dir);
        for (String f : List.of("latency.json", "run.json")) {
            Files.copy(ReportGoldenTest.MOCK_LATENCY.resolve(f), dir.resolve(f));
        }
        return dir;
    }

    @Test
    void textFromTheResultsIsEscapedNotMarkup() throws IOException {
        Path dir = mockCopy();
        ObjectNode run = (ObjectNode) Json.mapper().readTree(dir.resolve("run.json").toFile());
        run.put("command", "harness latency --output-dir " + HOSTILE);
        ((ObjectNode) run.get("config")).put("seed", HOSTILE);
        Json.mapper().writeValue(dir.resolve("run.json").toFile(), run);

        Document doc = report(List.of(RunResultsReader.read(dir, null, null)), false);
        assertTrue(doc.select("script").isEmpty(), "no script element");
        assertTrue(doc.select("img").isEmpty(), "no img element (charts are off here)");
        assertEquals("harness latency --output-dir " + HOSTILE, doc.selectFirst("pre.command").text());
        assertTrue(doc.select("table.key-values td").stream().anyMatch(td -> td.text().equals(HOSTILE)),
                "the option's value reads as text");
    }

    @Test
    void theReportLoadsNothing() {
        Document doc = report(ReportGoldenTest.runs(), true);
        assertEquals(ReportDocument.CSP, doc.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content"));
        assertTrue(doc.select("script, link, iframe, object, embed, base").isEmpty(), "nothing that loads or runs code");
        for (Element e : doc.select("[src]")) {
            assertTrue(e.attr("src").startsWith("data:image/png;base64,"), e.attr("src"));
        }
        for (Element e : doc.select("[href]")) {
            assertTrue(e.attr("href").startsWith("#run-"), e.attr("href"));
            assertNotNull(doc.getElementById(e.attr("href").substring(1)), "the link's target is in the page");
        }
    }

    @Test
    void aRunWithARooflineShowsItsTableAndCeilings() throws IOException {
        // The H100 engine comparison's graphs run: measured with --model, so it carries a roofline.
        Path dir = Path.of("../examples/h100-engine-comparison/earlier-export/gpt2-medium/native-graphs");
        Document doc = report(List.of(RunResultsReader.read(dir, null, null)), false);
        Element table = doc.select("h4:containsOwn(Roofline per decode step) + *").first();
        assertNotNull(table, "a roofline table after its heading");
        assertTrue(table.text().contains("MBU datasheet"), table.text());
        assertTrue(doc.selectFirst("section#run-1").text().contains("ceilings: NVIDIA H100 80GB HBM3: copy"),
                "the ceilings under the table");
    }

    @Test
    void measuredRunsHaveNoSimulatedBanner() {
        var runs = ReportGoldenTest.runs();
        Document doc = report(runs.subList(1, 3), true);
        assertNull(doc.selectFirst(".banner"));
        assertTrue(doc.select(".simulated-note, .badge.simulated").isEmpty());
        assertEquals(2, doc.select("h2 .badge.measured").size());
    }

    @Test
    void aSimulatedRunIsMarkedAtTheTopInItsHeadingAndItsSummary() {
        Document doc = report(ReportGoldenTest.runs(), true);
        Element banner = doc.selectFirst("header .banner.simulated");
        assertNotNull(banner);
        assertTrue(banner.text().startsWith("SIMULATED One of the 3 runs"), banner.text());
        Element first = doc.selectFirst("section#run-1");
        assertEquals("1. latency: " + ReportGoldenTest.MOCK_LATENCY + " SIMULATED ok", first.selectFirst("h2").text());
        assertTrue(first.selectFirst(".part-summary .simulated-note").text().startsWith("SIMULATED"));
        assertNull(doc.selectFirst("section#run-2 .simulated-note"));
    }

    @Test
    void targetsAreCheckedAgainstTheFilesADirectoryHas() throws IOException {
        var targets = TargetsReader.read(ReportGoldenTest.TARGETS);
        RunResults latency = RunResultsReader.read(mockCopy(), targets, "t.yaml");
        assertEquals(List.of("throughput targets: no throughput.json in this directory"), latency.notChecked());
        assertEquals(3, latency.targetsCheck().total(), "the example's three latency targets");
        assertNull(latency.savedCheck());

        RunResults serve = RunResultsReader.read(ReportGoldenTest.H100_SERVE, targets, "t.yaml");
        assertNull(serve.targetsCheck(), "the example has no serve targets");
        assertEquals(2, serve.notChecked().size());

        Document doc = report(List.of(latency), true);
        Element part = doc.selectFirst(".part-targets");
        assertEquals("FAILED: 0 of 3 targets met, checked now against t.yaml", part.selectFirst(".verdict").text());
        assertEquals(3, part.select("tbody tr").size());
        assertEquals(3, part.select("td.bad").size(), "each missed target's result is marked");
    }

    @Test
    void aDirectoryWithoutRunJsonSaysWhatIsUnknown() throws IOException {
        Path dir = mockCopy();
        Files.delete(dir.resolve("run.json"));
        Document doc = report(List.of(RunResultsReader.read(dir, null, null)), true);
        assertEquals("1. latency.json: " + dir, doc.selectFirst("h2").text());
        assertTrue(doc.selectFirst(".part-summary .warning").text().startsWith("No run.json"));
        assertNull(doc.selectFirst(".part-metadata"), "no metadata to show");
        assertEquals(2, doc.select("img").size(), "the charts still come");
    }

    @Test
    void withoutJavaDesktopTheChartsSectionSaysSo() {
        Document doc = report(ReportGoldenTest.runs().subList(0, 1), false);
        assertTrue(doc.select("img").isEmpty());
        assertTrue(doc.selectFirst(".part-charts .warning").text().contains("java.desktop"));
    }

    @Test
    void telemetryIsSummedUpInATable() {
        Document doc = report(ReportGoldenTest.runs().subList(1, 2), true);
        Element tables = doc.selectFirst(".part-tables");
        List<String> heads = tables.select("h4").eachText();
        assertEquals(List.of("Throughput", "GPU telemetry"), heads);
        Element telemetry = tables.select("table").get(1);
        assertEquals("NVIDIA H100 80GB HBM3, driver 580.159.04", telemetry.selectFirst("tbody tr td").text());
        assertFalse(telemetry.text().contains("not supported"));
    }

    @Test
    void aReportNeedsARun() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ReportDocument.html(List.of(), ReportGoldenTest.CONTEXT));
    }
}
