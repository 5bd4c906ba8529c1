package io.jharness.harness.format;

import io.jharness.harness.results.RunReport;
import java.io.IOException;
import java.io.OutputStream;

/** {@code serve_sweep.json}: every point of an online-load sweep, and the max-rate search. */
public final class ServeSweepJson implements ResultFormat {

    public static final String FILE = "serve_sweep.json";

    @Override
    public String fileName() {
        return FILE;
    }

    @Override
    public boolean appliesTo(RunReport report) {
        return report.serve() != null;
    }

    @Override
    public void write(RunReport report, OutputStream out) throws IOException {
        Json.mapper().writeValue(out, report.serve());
    }
}
