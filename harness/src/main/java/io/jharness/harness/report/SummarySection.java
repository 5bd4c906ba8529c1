package io.jharness.harness.report;

import io.jharness.harness.results.RunMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.nodes.Element;

/**
 * What ran: the workload, engine, model, dtype, device, how steps were timed, the run's status and
 * whether the figures are simulated, which files the directory holds. A simulated run gets a
 * warning box above the table.
 */
final class SummarySection implements RunSection {

    @Override
    public String title() {
        return "Summary";
    }

    @Override
    public boolean appliesTo(RunResults run) {
        return true;
    }

    @Override
    public void render(RunResults run, Element into) {
        RunMetadata m = run.report().metadata();
        if (run.simulated()) {
            into.appendElement("p").addClass("simulated-note").attr("role", "note")
                    .text("SIMULATED: these figures come from the mock engine's latency model ("
                            + m.engine().clock() + " clock), not from running a model. They test the harness, not an engine.");
        }
        Map<String, String> rows = new LinkedHashMap<>();
        if (m == null) {
            into.appendElement("p").addClass("warning")
                    .text("No run.json in this directory: the engine, device and options of this run are unknown.");
            rows.put("results", String.join(", ", run.files()));
            HtmlTables.keyValues(into, null, rows);
            return;
        }
        var e = m.engine();
        rows.put("workload", m.workload());
        rows.put("status", m.status());
        rows.put("simulated", m.simulated() ? "yes: SIMULATED (mock engine, " + e.clock() + " clock)" : "no: measured");
        rows.put("engine", e.engine());
        rows.put("model", e.model());
        rows.put("dtype", e.dtype());
        rows.put("device", e.device());
        rows.put("timer", m.timer() + ", " + e.clock() + " clock");
        rows.put("started", m.startedAt());
        rows.put("finished", m.finishedAt());
        rows.put("results", String.join(", ", run.files()));
        HtmlTables.keyValues(into, null, rows);
    }
}
