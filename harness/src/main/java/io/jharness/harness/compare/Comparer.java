package io.jharness.harness.compare;

import io.jharness.harness.compare.Comparison.Change;
import io.jharness.harness.compare.Comparison.Row;
import io.jharness.harness.compare.Comparison.RunInfo;
import io.jharness.harness.compare.Comparison.Sample;
import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.RepeatStats;
import io.jharness.harness.results.RunMetadata;
import io.jharness.harness.results.ServeMetrics;
import io.jharness.harness.results.ServePoint;
import io.jharness.harness.results.ThroughputPoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Compares runs against the first (the baseline), figure by figure: throughput per batch size,
 * request latency percentiles, and per serve point output tokens/s and TTFT/ITL percentiles.
 * Each change is the ratio of the medians of the repeats, judged significant by
 * {@link Bootstrap}: only when its confidence interval excludes no change. A section is compared
 * when every run has it.
 */
public final class Comparer {

    private Comparer() {}

    public static final String METHOD = String.format(Locale.ROOT,
            "%.0f%% percentile-bootstrap interval of the ratio of medians (%,d resamples, seed %d); a change is "
                    + "significant when the interval excludes no change; needs %d or more repeats per run",
            Bootstrap.LEVEL * 100, Bootstrap.RESAMPLES, Bootstrap.SEED, Bootstrap.MIN_REPEATS);

    /**
     * @param runs  baseline first, at least two
     * @param diff  their metadata differences
     */
    public static Comparison compare(List<RunResults> runs, MetadataDiff diff, boolean forced) {
        List<String> notes = new ArrayList<>();
        List<Row> throughput = List.of();
        List<Row> latency = List.of();
        List<Row> serve = List.of();
        if (every(runs, r -> r.throughput() != null)) {
            throughput = throughput(runs);
        } else {
            noteMissing(runs, r -> r.throughput() != null, "throughput", notes);
        }
        if (every(runs, r -> r.latency() != null)) {
            latency = latency(runs);
        } else {
            noteMissing(runs, r -> r.latency() != null, "latency", notes);
        }
        if (every(runs, r -> r.serve() != null)) {
            serve = serve(runs);
        } else {
            noteMissing(runs, r -> r.serve() != null, "serve", notes);
        }
        noteNoNoise("throughput", throughput, runs, notes);
        noteNoNoise("latency", latency, runs, notes);
        noteNoNoise("serve", serve, runs, notes);
        List<Row> all = Stream.of(throughput, latency, serve).flatMap(List::stream).toList();
        int improved = 0;
        int regressed = 0;
        for (Row row : all) {
            for (Change c : row.changes()) {
                improved += c.verdict().equals(Comparison.IMPROVED) ? 1 : 0;
                regressed += c.verdict().equals(Comparison.REGRESSED) ? 1 : 0;
            }
        }
        return new Comparison(runs.get(0).label(), runs.stream().map(Comparer::info).toList(), diff.expected(),
                forced ? diff.workload() : List.of(), METHOD, notes, throughput, latency, serve, improved, regressed);
    }

    /** Says which runs measured a section's figures fewer than {@link Bootstrap#MIN_REPEATS} times. */
    private static void noteNoNoise(String section, List<Row> rows, List<RunResults> runs, List<String> notes) {
        List<String> without = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            int run = i;
            // A row's values are in run order.
            if (rows.stream().map(row -> row.values().get(run))
                    .anyMatch(s -> s.measured() && s.n() < Bootstrap.MIN_REPEATS)) {
                without.add(runs.get(i).label());
            }
        }
        if (!without.isEmpty()) {
            notes.add(section + ": no noise estimate for " + String.join(", ", without) + " (run with --repeats "
                    + Bootstrap.MIN_REPEATS + " or more): its changes are shown, none is called significant");
        }
    }

    private static boolean every(List<RunResults> runs, java.util.function.Predicate<RunResults> has) {
        return runs.stream().allMatch(has);
    }

    private static void noteMissing(List<RunResults> runs, java.util.function.Predicate<RunResults> has, String what,
            List<String> notes) {
        List<String> with = runs.stream().filter(has).map(RunResults::label).toList();
        if (!with.isEmpty()) {
            List<String> without = runs.stream().filter(has.negate()).map(RunResults::label).toList();
            notes.add(what + " not compared: " + String.join(", ", without) + " has none");
        }
    }

    private static List<Row> throughput(List<RunResults> runs) {
        Set<Integer> batchSizes = new TreeSet<>();
        runs.forEach(r -> r.throughput().points().forEach(p -> batchSizes.add(p.batchSize())));
        List<Row> rows = new ArrayList<>();
        for (int b : batchSizes) {
            rows.add(row("batch " + b, "tok/s", true, runs, r -> {
                ThroughputPoint p = r.throughput().points().stream().filter(x -> x.batchSize() == b).findFirst().orElse(null);
                if (p == null) {
                    return Sample.missing(r.label(), "missing");
                }
                if (!p.ok() || p.throughputTokensPerSec() == null) {
                    return Sample.missing(r.label(), "failed");
                }
                return sample(r.label(), p.throughputTokensPerSec(), p.repeats());
            }));
        }
        return rows;
    }

    private static List<Row> latency(List<RunResults> runs) {
        record Pct(String name, Function<LatencyResult, Double> value, Function<LatencyResult.Repeats, RepeatStats> repeats) {}
        List<Pct> pcts = List.of(
                new Pct("p50 ms", LatencyResult::medianMs, LatencyResult.Repeats::p50Ms),
                new Pct("p90 ms", LatencyResult::p90Ms, LatencyResult.Repeats::p90Ms),
                new Pct("p95 ms", LatencyResult::p95Ms, LatencyResult.Repeats::p95Ms),
                new Pct("p99 ms", LatencyResult::p99Ms, LatencyResult.Repeats::p99Ms));
        List<Row> rows = new ArrayList<>();
        for (Pct pct : pcts) {
            rows.add(row("request", pct.name(), false, runs, r -> sample(r.label(), pct.value().apply(r.latency()),
                    r.latency().repeats() == null ? null : pct.repeats().apply(r.latency().repeats()))));
        }
        return rows;
    }

    private static List<Row> serve(List<RunResults> runs) {
        record Figure(String name, boolean higherIsBetter, Function<ServeMetrics, Double> value,
                Function<ServePoint.Repeats, RepeatStats> repeats) {}
        List<Figure> figures = List.of(
                new Figure("out tok/s", true, ServeMetrics::outputTokensPerSec, ServePoint.Repeats::outputTokensPerSec),
                new Figure("TTFT p50 ms", false, m -> p(m.ttftMs(), true), ServePoint.Repeats::ttftP50Ms),
                new Figure("TTFT p99 ms", false, m -> p(m.ttftMs(), false), ServePoint.Repeats::ttftP99Ms),
                new Figure("ITL p50 ms", false, m -> p(m.itlMs(), true), ServePoint.Repeats::itlP50Ms),
                new Figure("ITL p99 ms", false, m -> p(m.itlMs(), false), ServePoint.Repeats::itlP99Ms));
        Set<String> labels = new LinkedHashSet<>();
        runs.forEach(r -> r.serve().points().forEach(p -> labels.add(p.label())));
        List<Row> rows = new ArrayList<>();
        for (String label : labels) {
            for (Figure f : figures) {
                rows.add(row(label, f.name(), f.higherIsBetter(), runs, r -> {
                    // A max-rate search may probe a rate twice; the last probe is the one it settled on.
                    ServePoint p = r.serve().points().stream().filter(x -> x.label().equals(label))
                            .reduce((a, b) -> b).orElse(null);
                    if (p == null) {
                        return Sample.missing(r.label(), "missing");
                    }
                    Double v = !p.ok() || p.metrics() == null ? null : f.value().apply(p.metrics());
                    if (v == null) {
                        return Sample.missing(r.label(), p.ok() ? "missing" : "failed");
                    }
                    return sample(r.label(), v, p.repeats() == null ? null : f.repeats().apply(p.repeats()));
                }));
            }
        }
        return rows;
    }

    private static Double p(DistributionSummary d, boolean p50) {
        return d == null ? null : p50 ? d.p50Ms() : d.p99Ms();
    }

    private static Sample sample(String run, double value, RepeatStats repeats) {
        if (repeats == null) {
            return new Sample(run, value, 1, null, List.of(value), null);
        }
        return new Sample(run, repeats.median(), repeats.n(), repeats.cv(), repeats.values(), null);
    }

    private static Row row(String point, String figure, boolean higherIsBetter, List<RunResults> runs,
            Function<RunResults, Sample> sample) {
        List<Sample> values = runs.stream().map(sample).toList();
        Sample base = values.get(0);
        List<Change> changes = new ArrayList<>();
        for (Sample s : values.subList(1, values.size())) {
            changes.add(change(base, s, higherIsBetter));
        }
        return new Row(point, figure, higherIsBetter, values, changes);
    }

    static Change change(Sample base, Sample s, boolean higherIsBetter) {
        if (!base.measured() || !s.measured() || base.median() == 0) {
            return new Change(s.run(), null, null, null, null, Comparison.MISSING);
        }
        double ratio = s.median() / base.median();
        Bootstrap.Interval ci = Bootstrap.ratioOfMedians(base.array(), s.array());
        String verdict;
        if (ci == null) {
            verdict = Comparison.NO_NOISE;
        } else if (!ci.excludes(1.0)) {
            verdict = Comparison.NO_CHANGE;
        } else {
            boolean up = ci.low() > 1.0;
            verdict = up == higherIsBetter ? Comparison.IMPROVED : Comparison.REGRESSED;
        }
        return new Change(s.run(), ratio, (ratio - 1) * 100, ci == null ? null : ci.low(), ci == null ? null : ci.high(),
                verdict);
    }

    private static RunInfo info(RunResults r) {
        RunMetadata m = r.metadata();
        int repeats = 1;
        if (r.throughput() != null) {
            repeats = Math.max(repeats, r.throughput().points().stream()
                    .mapToInt(p -> p.repeats() == null ? 1 : p.repeats().n()).max().orElse(1));
        }
        if (r.latency() != null && r.latency().repeats() != null) {
            repeats = Math.max(repeats, r.latency().repeats().p50Ms().n());
        }
        if (r.serve() != null) {
            repeats = Math.max(repeats, r.serve().points().stream()
                    .mapToInt(p -> p.repeats() == null ? 1 : p.repeats().outputTokensPerSec().n()).max().orElse(1));
        }
        if (m == null) {
            return new RunInfo(r.label(), r.dir().toString(), null, null, null, null, null, null, null, null, repeats);
        }
        var e = m.engine();
        return new RunInfo(r.label(), r.dir().toString(), m.workload(), e == null ? null : e.engine(),
                e == null ? null : e.model(), e == null ? null : e.device(), e == null ? null : e.dtype(), m.timer(),
                m.harness() == null ? null : m.harness().gitCommit(), m.simulated(), repeats);
    }
}
