package io.jharness.harness.format;

import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.StepTimeSummary;
import io.jharness.harness.results.TelemetryReport;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The compact result tables printed at the end of a run and written into {@code SUMMARY.txt}. */
public final class SummaryTables {

    private static final String NONE = "-";
    private static final String UNSUPPORTED = "not supported by the device";

    private SummaryTables() {}

    public static String throughput(ThroughputResult result) {
        return throughputTable(result).render();
    }

    /** One row per batch size; a note under the table for each failed one. */
    public static ResultTable throughputTable(ThroughputResult result) {
        boolean gpu = result.points().stream()
                .anyMatch(p -> p.ok() && p.decode() != null && p.decode().gpuMs() != null);
        TextTable t = gpu
                ? new TextTable("batch", "tok/s", "tokens", "elapsed s", "req/s",
                        "prefill p50 ms", "decode p50 ms", "decode p99 ms", "decode GPU p50 ms", "status")
                : new TextTable("batch", "tok/s", "tokens", "elapsed s", "req/s",
                        "prefill p50 ms", "decode p50 ms", "decode p99 ms", "status");
        t.leftAlign(gpu ? 9 : 8);
        List<String> failures = new ArrayList<>();
        for (ThroughputPoint p : result.points()) {
            String batch = Integer.toString(p.batchSize());
            if (!p.ok()) {
                String status = "FAILED";
                failures.add("batch " + batch + " failed: " + p.error());
                t.row(gpu
                        ? new String[] {batch, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, status}
                        : new String[] {batch, NONE, NONE, NONE, NONE, NONE, NONE, NONE, status});
                continue;
            }
            String[] cells = {
                batch,
                fmt("%,.1f", p.throughputTokensPerSec()),
                fmt("%,d", p.totalTokens()),
                fmt("%.3f", p.elapsedSec()),
                fmt("%,.2f", p.requestsPerSec()),
                ms(wall(p.prefill()), Pct.P50),
                ms(wall(p.decode()), Pct.P50),
                ms(wall(p.decode()), Pct.P99)
            };
            if (gpu) {
                DistributionSummary g = p.decode() == null ? null : p.decode().gpuMs();
                t.row(concat(cells, ms(g, Pct.P50), "ok"));
            } else {
                t.row(concat(cells, "ok"));
            }
        }
        return new ResultTable(null, t, failures);
    }

    public static String latency(LatencyResult r) {
        return latencyTable(r).render();
    }

    /** One row per distribution: request latency, TTFT, ITL, TPOT, step times. */
    public static ResultTable latencyTable(LatencyResult r) {
        TextTable t = new TextTable("latency (ms)", "count", "mean", "p50", "p90", "p95", "p99", "max");
        t.row("request (E2E)", Integer.toString(r.numRuns()), fmt("%.3f", r.meanMs()), fmt("%.3f", r.medianMs()),
                fmt("%.3f", r.p90Ms()), fmt("%.3f", r.p95Ms()), fmt("%.3f", r.p99Ms()), fmt("%.3f", r.maxMs()));
        addRow(t, "TTFT", r.ttftMs());
        addRow(t, "ITL", r.itlMs());
        addRow(t, "TPOT", r.tpotMs());
        addRow(t, "prefill step", wall(r.prefill()));
        addRow(t, "decode step", wall(r.decode()));
        if (r.decode() != null && r.decode().gpuMs() != null) {
            addRow(t, "decode step GPU", r.decode().gpuMs());
            addRow(t, "decode host overhead", r.decode().hostOverheadMs());
        }
        return new ResultTable(null, t, List.of());
    }

    public static String serve(io.jharness.harness.results.ServeSweep sweep) {
        return serveTable(sweep).render();
    }

    /** One row per point; notes for failed points and the max-rate search's outcome. */
    public static ResultTable serveTable(io.jharness.harness.results.ServeSweep sweep) {
        boolean slo = sweep.points().stream().anyMatch(p -> p.meetsSlo() != null);
        TextTable t = new TextTable("point", "req/s", "out tok/s", "TTFT p50", "TTFT p99", "ITL p50", "ITL p99",
                "TPOT p50", "E2E p99", "goodput", "status");
        t.leftAlign(10);
        List<String> after = new ArrayList<>();
        for (var p : sweep.points()) {
            if (!p.ok()) {
                t.row(p.label(), NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, "FAILED");
                after.add(p.label() + " failed: " + p.error());
                continue;
            }
            var m = p.metrics();
            t.row(p.label(), fmt("%.2f", m.requestsPerSec()), fmt("%,.1f", m.outputTokensPerSec()),
                    ms(m.ttftMs(), Pct.P50), ms(m.ttftMs(), Pct.P99), ms(m.itlMs(), Pct.P50), ms(m.itlMs(), Pct.P99),
                    ms(m.tpotMs(), Pct.P50), ms(m.e2eMs(), Pct.P99),
                    m.goodput() == null ? NONE : fmt("%.0f%%", 100 * m.goodput().fraction()),
                    slo ? (Boolean.TRUE.equals(p.meetsSlo()) ? "ok, meets SLO" : "ok, misses SLO") : "ok");
        }
        var max = sweep.maxRate();
        if (max != null) {
            after.add("max rate meeting " + max.slo() + " at p99: "
                    + (max.rate() == null ? "none of the probed rates" : fmt("%.3g req/s", max.rate()))
                    + (max.firstFailing() == null ? "" : fmt(" (missed at %.3g req/s", max.firstFailing()) + ")")
                    + ", " + max.probes() + " probes");
        }
        return new ResultTable("latencies in ms", t, after);
    }

    /**
     * The GPU telemetry summary (NVML) as one row per reading: device, driver, samples, peak
     * memory, SM clock range, maximum power and temperature, throttle reasons.
     */
    public static ResultTable telemetryTable(TelemetryReport t) {
        TextTable table = new TextTable("reading", "value").leftAlign(1);
        table.row("device", t.device() + (t.driver() == null ? "" : ", driver " + t.driver()));
        table.row("readings", fmt("%,d", t.readings()) + " every " + t.intervalMs() + " ms");
        // A reading the device does not support is negative (NaN for power).
        table.row("peak memory used", t.peakMemUsedMib() < 0 ? UNSUPPORTED
                : fmt("%,d MiB", t.peakMemUsedMib()) + (t.memTotalMib() < 0 ? "" : fmt(" of %,d MiB", t.memTotalMib())));
        table.row("SM clock", t.maxSmClockMhz() < 0 ? UNSUPPORTED
                : t.minSmClockMhz() == t.maxSmClockMhz() ? t.maxSmClockMhz() + " MHz"
                : t.minSmClockMhz() + " to " + t.maxSmClockMhz() + " MHz");
        table.row("max power", Double.isNaN(t.maxPowerWatts()) || t.maxPowerWatts() < 0 ? UNSUPPORTED
                : fmt("%.1f W", t.maxPowerWatts()));
        table.row("max temperature", t.maxTemperatureC() < 0 ? UNSUPPORTED : t.maxTemperatureC() + " °C");
        List<String> reasons = t.throttleReasons() == null ? List.of() : t.throttleReasons();
        table.row("throttle reasons", reasons.isEmpty() ? "none" : String.join(", ", reasons));
        return new ResultTable(null, table, List.of());
    }

    private static void addRow(TextTable t, String name, DistributionSummary d) {
        if (d == null) {
            t.row(name, "0", NONE, NONE, NONE, NONE, NONE, NONE);
            return;
        }
        t.row(name, Long.toString(d.count()), fmt("%.3f", d.meanMs()), fmt("%.3f", d.p50Ms()),
                fmt("%.3f", d.p90Ms()), fmt("%.3f", d.p95Ms()), fmt("%.3f", d.p99Ms()), fmt("%.3f", d.maxMs()));
    }

    private enum Pct { P50, P99 }

    private static DistributionSummary wall(StepTimeSummary s) {
        return s == null ? null : s.wallMs();
    }

    private static String ms(DistributionSummary d, Pct pct) {
        if (d == null) {
            return NONE;
        }
        return fmt("%.3f", pct == Pct.P50 ? d.p50Ms() : d.p99Ms());
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private static String fmt(String pattern, Object value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
