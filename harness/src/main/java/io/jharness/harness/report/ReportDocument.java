package io.jharness.harness.report;

import io.jharness.harness.results.RunMetadata;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;

/**
 * The HTML report as one self-contained document: a header (with a SIMULATED banner when any run
 * is simulated) and a contents list, then one section per results directory, each made of the
 * {@link RunSection}s that apply to it. The document is a jsoup DOM: text and attributes are set,
 * never spliced into markup, so jsoup escapes whatever the results hold. A Content-Security-Policy
 * forbids loading anything but the {@code data:} images inside it.
 */
public final class ReportDocument {

    /** What the report may load: nothing but its own inline style and data: images. */
    static final String CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

    private ReportDocument() {}

    /** The sections of each run, in order. */
    static List<RunSection> sections(ReportContext context) {
        return List.of(new SummarySection(), new TargetsSection(), new TablesSection(),
                new ChartsSection(context.chartsAvailable()), new MetadataSection());
    }

    /** The report of {@code runs} (at least one), as HTML text. */
    public static String html(List<RunResults> runs, ReportContext context) {
        return build(runs, context).outerHtml();
    }

    /** The report of {@code runs} (at least one), as a DOM. */
    public static Document build(List<RunResults> runs, ReportContext context) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one results directory");
        }
        Document doc = Document.createShell("");
        doc.outputSettings().charset("UTF-8").prettyPrint(true).indentAmount(1);
        doc.prependChild(new DocumentType("html", "", ""));
        doc.selectFirst("html").attr("lang", "en");
        head(doc, runs);

        Element body = doc.body();
        header(body.appendElement("header").addClass("report"), runs, context);
        Element main = body.appendElement("main");
        List<RunSection> sections = sections(context);
        for (int i = 0; i < runs.size(); i++) {
            run(main, i + 1, runs.get(i), sections);
        }
        footer(body.appendElement("footer"), context);
        return doc;
    }

    private static void head(Document doc, List<RunResults> runs) {
        Element head = doc.head();
        head.appendElement("meta").attr("charset", "utf-8");
        head.appendElement("meta").attr("http-equiv", "Content-Security-Policy").attr("content", CSP);
        head.appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        String title = "jharness report: " + String.join(", ", runs.stream().map(RunResults::source).toList());
        head.appendElement("title").text(title);
        head.appendElement("style").appendChild(new org.jsoup.nodes.DataNode(ReportStyle.CSS));
    }

    private static void header(Element header, List<RunResults> runs, ReportContext context) {
        header.appendElement("h1").text("jharness report");
        header.appendElement("p").addClass("generated").text(runs.size() + (runs.size() == 1 ? " results directory" : " results directories")
                + ", generated " + context.generatedAt() + " by " + build(context.harness()));
        long simulated = runs.stream().filter(RunResults::simulated).count();
        if (simulated > 0) {
            Element banner = header.appendElement("div").addClass("banner").addClass("simulated").attr("role", "alert");
            banner.appendElement("strong").text("SIMULATED");
            banner.appendText(" " + (simulated == runs.size()
                    ? (runs.size() == 1 ? "The run" : "Every run") + " in this report comes"
                    : simulated == 1 ? "One of the " + runs.size() + " runs in this report comes"
                    : simulated + " of the " + runs.size() + " runs in this report come")
                    + " from the mock engine's latency model, not from running a model: "
                    + "the figures test the harness, not an engine.");
        }
        Element list = header.appendElement("nav").attr("aria-label", "contents").appendElement("ol");
        for (int i = 0; i < runs.size(); i++) {
            RunResults run = runs.get(i);
            Element li = list.appendElement("li");
            li.appendElement("a").attr("href", "#" + id(i + 1)).text(heading(run));
            badges(li, run);
        }
    }

    private static void run(Element main, int number, RunResults run, List<RunSection> sections) {
        Element section = main.appendElement("section").addClass("run").id(id(number));
        Element h2 = section.appendElement("h2");
        h2.appendText(number + ". " + heading(run));
        badges(h2, run);
        for (RunSection s : sections) {
            if (s.appliesTo(run)) {
                Element part = section.appendElement("div").addClass("part")
                        .addClass("part-" + s.getClass().getSimpleName().replace("Section", "").toLowerCase(java.util.Locale.ROOT));
                part.appendElement("h3").text(s.title());
                s.render(run, part);
            }
        }
    }

    /** {@code throughput: results/latest}: the workload (or the files, without a run.json) and the directory. */
    private static String heading(RunResults run) {
        RunMetadata m = run.report().metadata();
        String what = m != null && m.workload() != null ? m.workload() : String.join(" + ", run.files());
        return what + ": " + run.source();
    }

    /** SIMULATED or measured, and the run's status (ok, partial, failed). */
    private static void badges(Element into, RunResults run) {
        RunMetadata m = run.report().metadata();
        if (m == null) {
            return;
        }
        // A space before each badge, so the heading reads as words when copied or read aloud.
        if (m.simulated()) {
            into.appendText(" ");
            into.appendElement("span").addClass("badge").addClass("simulated").text("SIMULATED");
        } else {
            into.appendText(" ");
            into.appendElement("span").addClass("badge").addClass("measured").text("measured");
        }
        if (m.status() != null) {
            into.appendText(" ");
            into.appendElement("span").addClass("badge").addClass("status-" + m.status().replaceAll("[^a-z]", ""))
                    .text(m.status());
        }
    }

    private static void footer(Element footer, ReportContext context) {
        footer.appendElement("p").text("Made by " + build(context.harness()) + " at " + context.generatedAt()
                + ". Every chart and style is inside this file; it loads nothing from the network.");
    }

    private static String build(RunMetadata.HarnessBuild b) {
        if (b == null) {
            return "jharness";
        }
        return b.name() + " " + b.version() + (b.gitCommit() == null ? "" : " (commit " + b.gitCommit() + ")");
    }

    private static String id(int number) {
        return "run-" + number;
    }
}
