package io.jharness.harness.format;

import io.jharness.harness.results.RunReport;
import java.io.IOException;
import java.io.OutputStream;

/** {@code latency.json}: request latency percentiles, TTFT, ITL and TPOT. */
public final class LatencyJson implements ResultFormat {

    public static final String FILE = "latency.json";

    @Override
    public String fileName() {
        return FILE;
    }

    @Override
    public boolean appliesTo(RunReport report) {
        return report.latency() != null;
    }

    @Override
    public void write(RunReport report, OutputStream out) throws IOException {
        Json.mapper().writeValue(out, report.latency());
    }
}
