package io.jharness.harness.format;

import io.jharness.harness.results.RunReport;
import java.io.IOException;
import java.io.OutputStream;

/** {@code run.json}: the run's metadata (engine, device, versions, command, options, times). */
public final class RunJson implements ResultFormat {

    public static final String FILE = "run.json";

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
        Json.mapper().writeValue(out, report.metadata());
    }
}
