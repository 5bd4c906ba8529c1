package io.jharness.harness.format;

import io.jharness.harness.results.RunReport;
import java.io.IOException;
import java.io.OutputStream;

/** {@code throughput.json}: one entry per batch size. */
public final class ThroughputJson implements ResultFormat {

    public static final String FILE = "throughput.json";

    @Override
    public String fileName() {
        return FILE;
    }

    @Override
    public boolean appliesTo(RunReport report) {
        return report.throughput() != null;
    }

    @Override
    public void write(RunReport report, OutputStream out) throws IOException {
        Json.mapper().writeValue(out, report.throughput());
    }
}
