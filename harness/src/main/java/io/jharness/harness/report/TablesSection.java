package io.jharness.harness.report;

import io.jharness.harness.format.SummaryTables;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.TelemetryReport;
import org.jsoup.nodes.Element;

/**
 * The result tables, the same ones {@code SUMMARY.txt} holds: throughput per batch size, latency
 * distributions, serve points; and the GPU telemetry summary when the run recorded one.
 */
final class TablesSection implements RunSection {

    @Override
    public String title() {
        return "Results";
    }

    @Override
    public boolean appliesTo(RunResults run) {
        return true;
    }

    @Override
    public void render(RunResults run, Element into) {
        RunReport r = run.report();
        if (r.throughput() != null) {
            into.appendElement("h4").text("Throughput");
            HtmlTables.append(into, SummaryTables.throughputTable(r.throughput()));
            var roofline = SummaryTables.rooflineTable(r.throughput(),
                    r.metadata() == null ? null : r.metadata().rooflineCeiling());
            if (roofline != null) {
                into.appendElement("h4").text("Roofline per decode step");
                HtmlTables.append(into, roofline);
            }
        }
        if (r.latency() != null) {
            into.appendElement("h4").text("Latency");
            HtmlTables.append(into, SummaryTables.latencyTable(r.latency()));
        }
        if (r.serve() != null) {
            into.appendElement("h4").text("Online load (serve)");
            HtmlTables.append(into, SummaryTables.serveTable(r.serve()));
        }
        TelemetryReport telemetry = telemetry(r);
        if (telemetry != null) {
            into.appendElement("h4").text("GPU telemetry");
            HtmlTables.append(into, SummaryTables.telemetryTable(telemetry));
        }
    }

    /** The telemetry summary: from telemetry.json, else from run.json, else null. */
    private static TelemetryReport telemetry(RunReport r) {
        if (r.telemetry() != null) {
            return r.telemetry();
        }
        return r.metadata() == null ? null : r.metadata().telemetry();
    }
}
