package io.jharness.harness.format;

import io.jharness.harness.results.RunMetadata;
import io.jharness.harness.results.RunReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** {@code SUMMARY.txt}: what ran, on what, and the result tables, for a person. */
public final class SummaryText implements ResultFormat {

    public static final String FILE = "SUMMARY.txt";

    @Override
    public String fileName() {
        return FILE;
    }

    @Override
    public boolean appliesTo(RunReport report) {
        return report.metadata() != null;
    }

    @Override
    public void write(RunReport report, OutputStream out) throws IOException {
        PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
        RunMetadata m = report.metadata();
        var e = m.engine();
        w.println("jharness " + m.workload() + " - " + m.status());
        w.println();
        w.println("command:  " + m.command());
        w.println("engine:   " + e.engine() + " (model: " + e.model() + ", dtype: " + e.dtype() + ")");
        w.println("device:   " + e.device());
        w.println("timer:    " + m.timer() + ", " + e.clock() + " clock");
        if (m.simulated()) {
            w.println("NOTE:     SIMULATED figures: the mock engine's latency model, not a measurement of a model");
        }
        w.println("started:  " + m.startedAt());
        w.println("finished: " + (m.finishedAt() == null ? "(still running)" : m.finishedAt()));
        if (m.resumed() != null) {
            for (var r : m.resumed()) {
                w.println("resumed:  " + r.at() + " (was " + r.previousStatus() + "): kept "
                        + (r.kept().isEmpty() ? "none" : String.join(", ", r.kept())) + "; ran "
                        + (r.rerun().isEmpty() ? "none" : String.join(", ", r.rerun())));
            }
        }
        if (m.error() != null) {
            w.println("error:    " + m.error());
        }
        w.println("harness:  " + m.harness().version()
                + (m.harness().gitCommit() == null ? "" : " (" + m.harness().gitCommit() + ")")
                + ", Java " + m.jvm().version());
        w.println();
        if (report.throughput() != null) {
            w.print(SummaryTables.throughput(report.throughput()));
            w.print(SummaryTables.roofline(report.throughput(), m.rooflineCeiling()));
        }
        if (report.latency() != null) {
            w.print(SummaryTables.latency(report.latency()));
        }
        if (report.serve() != null) {
            w.print(SummaryTables.serve(report.serve()));
        }
        w.flush();
    }
}
