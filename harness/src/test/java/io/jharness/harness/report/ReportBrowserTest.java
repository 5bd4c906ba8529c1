package io.jharness.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jharness.harness.cli.ExitCodes;
import io.jharness.harness.cli.HarnessCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The HTML report in a real browser: headless Chromium driven through Selenium and Debian's
 * chromedriver. Mock throughput, latency and serve runs (virtual clock) are made through the CLI,
 * {@code harness report} turns them into one page, and the test checks the page as Chromium
 * rendered it: the tables and their rows, every image decoded, the SIMULATED banner shown, no
 * console error, and no request for anything but the file itself and its data: images. It saves
 * screenshots of the page under {@code target/report-browser/} for a person to look at.
 *
 * <p>Without {@code chromium} and {@code chromedriver} (Debian: {@code apt-get install -y chromium
 * chromium-driver}) the test is skipped, saying so; with {@code HARNESS_REQUIRE_BROWSER=1} it fails
 * instead, for CI that installs them. {@code CHROME_BIN} and {@code CHROMEDRIVER} override where
 * they are looked for.
 */
class ReportBrowserTest {

    private static final Path OUT = Path.of("target", "report-browser");
    private static final int WIDTH = 1400;
    private static final int[] BATCH_SIZES = {1, 8, 32};
    private static final String[] RATES = {"2", "16", "64"};

    @TempDir
    static Path tmp;

    private static ChromeDriver driver;
    private static Path report;
    /** Why the browser tests are skipped, or null when they run. */
    private static String skipped;

    @BeforeAll
    static void reportInChromium() throws IOException {
        Path chromium = executable("CHROME_BIN", "/usr/bin/chromium");
        Path chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver");
        if (chromium == null || chromedriver == null) {
            String why = "headless Chromium is not installed (" + (chromium == null ? "no chromium" : "no chromedriver")
                    + "; Debian: apt-get install -y chromium chromium-driver): the HTML report's browser test is skipped";
            if ("1".equals(System.getenv("HARNESS_REQUIRE_BROWSER"))) {
                fail(why.replace("is skipped", "is required (HARNESS_REQUIRE_BROWSER=1)"));
            }
            // Skipped test by test (@BeforeEach), so that the run counts and names them as skipped.
            skipped = why;
            System.err.println("ReportBrowserTest: " + why);
            return;
        }

        Path tp = tmp.resolve("throughput");
        Path lat = tmp.resolve("latency");
        Path serve = tmp.resolve("serve");
        harness("throughput", "--engine", "mock", "-q", "--batch-sizes", "1,8,32", "--num-prompts", "32",
                "--output-dir", tp.toString());
        harness("latency", "--engine", "mock", "-q", "--num-runs", "30", "--output-dir", lat.toString());
        harness("serve", "--engine", "mock", "-q", "--rate", String.join(",", RATES), "--num-requests", "100",
                "--slo", "ttft=200ms,tpot=50ms", "--no-token-times", "--output-dir", serve.toString());
        Files.createDirectories(OUT);
        report = OUT.resolve("report.html").toAbsolutePath();
        harness("report", tp.toString(), lat.toString(), serve.toString(), "-o", report.toString(),
                "--targets", Path.of("..", "models", "targets.example.yaml").toString());

        ChromeOptions options = new ChromeOptions();
        // Given both paths, Selenium uses them as they are and fetches no browser or driver.
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=" + WIDTH + ",1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.get(report.toUri().toString());
    }

    @BeforeEach
    void needsChromium() {
        Assumptions.assumeTrue(skipped == null, skipped);
    }

    @AfterAll
    static void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void tablesHaveARowPerBatchSizeDistributionAndPoint() {
        List<WebElement> sections = driver.findElements(By.cssSelector("section.run"));
        assertEquals(3, sections.size(), "one section per results directory");

        List<String> batches = rowHeads(sections.get(0), "div.part-tables table.results");
        assertEquals(List.of("1", "8", "32"), batches, "throughput rows");
        assertEquals(List.of("request (E2E)", "TTFT", "ITL", "TPOT", "prefill step", "decode step"),
                rowHeads(sections.get(1), "div.part-tables table.results"), "latency rows");
        assertEquals(List.of("rate=2", "rate=16", "rate=64"), rowHeads(sections.get(2), "div.part-tables table.results"),
                "serve rows");
        // The example targets: 4 throughput targets on batch sizes 8 to 64, of which 8 and 32 ran.
        List<String> targets = rowHeads(sections.get(0), "div.part-targets table.results");
        assertEquals(4, targets.size(), () -> "throughput targets: " + targets);
        assertTrue(sections.get(0).findElement(By.cssSelector("div.part-targets .verdict")).getText().startsWith("FAILED"),
                "batch 16 and 64 were not run, so their targets are not met");
        for (WebElement s : sections) {
            assertTrue(s.findElement(By.cssSelector("div.part-metadata pre.command")).getText().startsWith("harness "),
                    "each section has its command line");
        }
    }

    @Test
    void everyChartIsDecoded() {
        List<WebElement> images = driver.findElements(By.tagName("img"));
        // throughput: bar chart and overview; latency: bar chart and overview; serve: three charts.
        assertEquals(7, images.size(), "charts in the page");
        for (WebElement img : images) {
            Object ok = ((JavascriptExecutor) driver).executeScript(
                    "return arguments[0].complete && arguments[0].naturalWidth > 0 && arguments[0].naturalHeight > 0", img);
            assertEquals(Boolean.TRUE, ok, () -> "image not decoded: " + img.getAttribute("alt"));
            assertTrue(img.getAttribute("src").startsWith("data:image/png;base64,"), "embedded, not linked");
            assertTrue(img.getSize().getWidth() > 300, () -> "image drawn too narrow: " + img.getAttribute("alt"));
        }
    }

    @Test
    void simulatedIsShownAtTheTop() {
        WebElement banner = driver.findElement(By.cssSelector("header .banner.simulated"));
        assertTrue(banner.isDisplayed());
        assertTrue(banner.getText().startsWith("SIMULATED"), banner.getText());
        assertTrue(banner.getLocation().getY() < 300, "the banner is on the first screen");
        assertEquals(3, driver.findElements(By.cssSelector("section.run h2 .badge.simulated")).size());
    }

    @Test
    void noConsoleErrorsAndNoRequestsBeyondTheFile() throws IOException {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                errors.add(e.getLevel() + " " + e.getMessage());
            }
        }
        assertEquals(List.of(), errors, "console errors and warnings");

        ObjectMapper json = new ObjectMapper();
        List<String> urls = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = json.readTree(e.getMessage()).path("message");
            if ("Network.requestWillBeSent".equals(message.path("method").asText())) {
                urls.add(message.path("params").path("request").path("url").asText());
            }
        }
        assertFalse(urls.isEmpty(), "the performance log records the page's own request");
        for (String url : urls) {
            assertTrue(url.equals(report.toUri().toString()) || url.startsWith("data:"),
                    () -> "the report requested " + url + "; it must load nothing: " + urls);
        }
    }

    @Test
    void screenshots() throws IOException {
        Files.write(OUT.resolve("report-top.png"), driver.getScreenshotAs(OutputType.BYTES));
        Number height = (Number) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollHeight");
        Dimension before = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new Dimension(WIDTH, height.intValue() + 100));
            Path full = OUT.resolve("report.png");
            Files.write(full, driver.getScreenshotAs(OutputType.BYTES));
            assertTrue(Files.size(full) > 10_000, "a screenshot of the whole page");
        } finally {
            driver.manage().window().setSize(before);
        }
        Number scrollWidth = (Number) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth");
        assertTrue(scrollWidth.intValue() <= WIDTH, "nothing sticks out sideways at " + WIDTH + " px: " + scrollWidth);
    }

    private static List<String> rowHeads(WebElement section, String table) {
        return section.findElement(By.cssSelector(table)).findElements(By.cssSelector("tbody th")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static void harness(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            exit = HarnessCli.execute(args, o, e);
        }
        assertEquals(ExitCodes.OK, exit, () -> "harness " + String.join(" ", args) + "\n" + out + err);
    }

    /** The file named by the environment variable, else the default path; null when not executable. */
    private static Path executable(String variable, String fallback) {
        String named = System.getenv(variable);
        Path p = Path.of(named != null && !named.isBlank() ? named : fallback);
        return Files.isExecutable(p) ? p : null;
    }
}
