package io.jharness.harness.format;

import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.PointRoofline;
import io.jharness.harness.results.RepeatStats;
import io.jharness.harness.results.RooflineCeiling;
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
                String status = p.status().toUpperCase(Locale.ROOT);
                failures.add("batch " + batch + " " + p.status() + ": " + p.error());
                t.row(gpu
                        ? new String[] {batch, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, status}
                        : new String[] {batch, NONE, NONE, NONE, NONE, NONE, NONE, NONE, status});
                continue;
            }
            String[] cells = {
                batch,
                fmt("%,.1f", p.throughputTokensPerSec()) + spread(p.repeats()),
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
        addNote(failures, result.points().stream().map(ThroughputPoint::repeats).filter(r -> r != null).findFirst()
                .orElse(null));
        for (ThroughputPoint p : result.points()) {
            if (p.decodeRows() != null && p.decodeRows().paddedSteps() > 0) {
                failures.add("batch " + p.batchSize() + ": " + p.decodeRows().paddedSteps() + " decode steps padded by the"
                        + " engine (steps by rows run: " + p.decodeRows().stepsByRows() + ")");
            }
        }
        return new ResultTable(null, t, failures);
    }

    /**
     * The roofline of each point that has one (a run with a model), and the ceilings it was
     * judged against; empty when no point has a roofline.
     *
     * @param ceiling the run's ceilings, or null (no CUDA device)
     */
    public static String roofline(ThroughputResult result, RooflineCeiling ceiling) {
        ResultTable table = rooflineTable(result, ceiling);
        return table == null ? "" : System.lineSeparator() + table.render();
    }

    /**
     * The roofline table: one row per point with a roofline, the time basis in the caption and
     * the ceilings as a note; null when no point has a roofline.
     *
     * @param ceiling the run's ceilings, or null (no CUDA device)
     */
    public static ResultTable rooflineTable(ThroughputResult result, RooflineCeiling ceiling) {
        var points = result.points().stream().filter(p -> p.roofline() != null).toList();
        if (points.isEmpty()) {
            return null;
        }
        boolean gpu = points.stream().allMatch(p -> PointRoofline.GPU.equals(p.roofline().timeBasis()));
        boolean mixed = !gpu && points.stream().anyMatch(p -> PointRoofline.GPU.equals(p.roofline().timeBasis()));
        TextTable t = new TextTable("batch", "context", "MB/step", "GFLOP/step", "step ms", "GB/s", "TFLOP/s",
                "MBU datasheet", "MBU copy", "check");
        t.leftAlign(0).leftAlign(9);
        for (ThroughputPoint p : points) {
            PointRoofline r = p.roofline();
            t.row(Integer.toString(p.batchSize()), fmt("%,.1f", r.contextLen()), sig(r.bytesPerStep() / 1e6),
                    sig(r.flopsPerStep() / 1e9), fmt("%.3f", r.stepMs()) + (mixed ? " " + r.timeBasis() : ""),
                    sig(r.achievedGbPerSec()), sig(r.achievedTflops()), percent(r.mbuDatasheet()),
                    percent(r.mbuCopy()),
                    r.exceedsCopyCeiling() == null ? NONE
                            : r.exceedsCopyCeiling() ? "ABOVE COPY CEILING: measurement error" : "ok");
        }
        String ceilings;
        if (ceiling == null) {
            ceilings = "ceilings: none (not a CUDA device): no MBU";
        } else {
            ceilings = "ceilings: " + ceiling.gpuName() + ": copy "
                    + (ceiling.copyGbPerSec() == null ? "not measured"
                            : fmt("%,.1f GB/s", ceiling.copyGbPerSec()) + " (device-to-device, " + ceiling.copyMib()
                                    + " MiB, best copy at start-up)")
                    + ", datasheet " + (ceiling.datasheetGbPerSec() == null ? "unknown for this GPU"
                            : fmt("%,.0f GB/s", ceiling.datasheetGbPerSec()));
        }
        return new ResultTable("roofline per decode step (weights + KV cache read and written; "
                + (gpu ? "GPU time" : mixed ? "GPU or wall time" : "wall time") + ")", t, List.of(ceilings));
    }

    /** Three significant digits: {@code 3,350}, {@code 89.9}, {@code 0.0335}, {@code 4.01e-05}. */
    static String sig(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return fmt("%,.0f", v);
        }
        if (a < 0.001 && a != 0) {
            return fmt("%.2e", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).toPlainString();
    }

    private static String percent(Double fraction) {
        return fraction == null ? NONE : fmt("%.1f%%", 100 * fraction);
    }

    public static String latency(LatencyResult r) {
        return latencyTable(r).render();
    }

    /** One row per distribution: request latency, TTFT, ITL, TPOT, step times. */
    public static ResultTable latencyTable(LatencyResult r) {
        TextTable t = new TextTable("latency (ms)", "count", "mean", "p50", "p90", "p95", "p99", "max");
        LatencyResult.Repeats rep = r.repeats();
        t.row("request (E2E)", Integer.toString(r.numRuns()), fmt("%.3f", r.meanMs()),
                fmt("%.3f", r.medianMs()) + spread(rep == null ? null : rep.p50Ms()),
                fmt("%.3f", r.p90Ms()) + spread(rep == null ? null : rep.p90Ms()),
                fmt("%.3f", r.p95Ms()) + spread(rep == null ? null : rep.p95Ms()),
                fmt("%.3f", r.p99Ms()) + spread(rep == null ? null : rep.p99Ms()), fmt("%.3f", r.maxMs()));
        addRow(t, "TTFT", r.ttftMs());
        addRow(t, "ITL", r.itlMs());
        addRow(t, "TPOT", r.tpotMs());
        addRow(t, "prefill step", wall(r.prefill()));
        addRow(t, "decode step", wall(r.decode()));
        if (r.decode() != null && r.decode().gpuMs() != null) {
            addRow(t, "decode step GPU", r.decode().gpuMs());
            addRow(t, "decode host overhead", r.decode().hostOverheadMs());
        }
        List<String> notes = new ArrayList<>();
        addNote(notes, rep == null ? null : rep.p50Ms());
        return new ResultTable(null, t, notes);
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
        RepeatStats shownRepeats = null;
        for (var p : sweep.points()) {
            if (!p.ok()) {
                t.row(p.label(), NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, p.status().toUpperCase(Locale.ROOT));
                after.add(p.label() + " " + p.status() + ": " + p.error());
                continue;
            }
            var m = p.metrics();
            var rep = p.repeats();
            if (rep != null) {
                shownRepeats = rep.outputTokensPerSec();
            }
            t.row(p.label(), fmt("%.2f", m.requestsPerSec()) + spread(rep == null ? null : rep.requestsPerSec()),
                    fmt("%,.1f", m.outputTokensPerSec()) + spread(rep == null ? null : rep.outputTokensPerSec()),
                    ms(m.ttftMs(), Pct.P50) + spread(rep == null ? null : rep.ttftP50Ms()),
                    ms(m.ttftMs(), Pct.P99) + spread(rep == null ? null : rep.ttftP99Ms()),
                    ms(m.itlMs(), Pct.P50) + spread(rep == null ? null : rep.itlP50Ms()),
                    ms(m.itlMs(), Pct.P99) + spread(rep == null ? null : rep.itlP99Ms()),
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
        addNote(after, shownRepeats);
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

    private static String spread(RepeatStats r) {
        if (r == null) {
            return "";
        }
        return r.cv() == null ? " ±-" : fmt(" ±%.1f%%", 100 * r.cv());
    }

    /** What the ± means, under a table that has one. */
    private static void addNote(List<String> notes, RepeatStats r) {
        if (r != null) {
            notes.add("medians of " + r.n() + " repeats, each on a fresh engine session; ± is the coefficient of "
                    + "variation across them (other figures: the median repeat's)");
        }
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
