package io.jharness.harness.compare;

import io.jharness.harness.compare.Comparison.Change;
import io.jharness.harness.compare.Comparison.KeyDifference;
import io.jharness.harness.compare.Comparison.Row;
import io.jharness.harness.compare.Comparison.RunInfo;
import io.jharness.harness.compare.Comparison.Sample;
import io.jharness.harness.format.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code COMPARE.txt}, and what {@code harness compare} prints: the runs, how they differ, then
 * one side-by-side table per section with each run's value (± its coefficient of variation over
 * repeats) and, for each run after the baseline, its change, the interval of that change and the
 * verdict.
 */
public final class CompareText {

    public static final String FILE = "COMPARE.txt";

    private static final String NL = System.lineSeparator();
    private static final String NONE = "-";

    private CompareText() {}

    public static String render(Comparison c) {
        StringBuilder sb = new StringBuilder();
        sb.append("jharness compare: ").append(c.runs().size()).append(" runs against the baseline ")
                .append(c.baseline()).append(NL);
        for (RunInfo r : c.runs()) {
            sb.append(r.label().equals(c.baseline()) ? "baseline " : "run      ").append(r.label()).append(": ")
                    .append(r.dir()).append(NL);
            sb.append("  engine ").append(or(r.engine())).append(" on ").append(or(r.device()))
                    .append(Boolean.TRUE.equals(r.simulated()) ? " - SIMULATED" : "")
                    .append("; timer ").append(or(r.timer()))
                    .append("; commit ").append(r.gitCommit() == null ? NONE : abbrev(r.gitCommit()))
                    .append("; ").append(r.repeats()).append(r.repeats() == 1 ? " repeat" : " repeats").append(NL);
            sb.append("  model ").append(or(r.model())).append(r.dtype() == null ? "" : ", dtype " + r.dtype()).append(NL);
        }
        for (KeyDifference d : c.expectedDifferences()) {
            // A key some run.json lacks could not be checked: say so rather than call it a difference.
            sb.append(d.values().contains(MetadataDiff.NOT_RECORDED) ? "unchecked: " : "differs: ").append(d.key())
                    .append(": ").append(String.join(" | ", d.values())).append(NL);
        }
        for (KeyDifference d : c.forcedDifferences()) {
            sb.append("WORKLOAD differs (compared with --force): ").append(d.key()).append(": ")
                    .append(String.join(" | ", d.values())).append(NL);
        }
        sb.append("significance: ").append(c.method()).append(NL);
        for (String note : c.notes()) {
            sb.append("note: ").append(note).append(NL);
        }
        section(sb, "throughput (higher is better)", c.throughput(), c);
        section(sb, "latency (request, end to end; lower is better)", c.latency(), c);
        section(sb, "serve (out tok/s: higher is better; latencies: lower is better)", c.serve(), c);
        int rows = (c.throughput().size() + c.latency().size() + c.serve().size()) * (c.runs().size() - 1);
        sb.append(NL).append(c.improvements()).append(" improved, ").append(c.regressions()).append(" regressed, ")
                .append(rows - c.improvements() - c.regressions()).append(" neither, of ").append(rows)
                .append(" changes").append(NL);
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<Row> rows, Comparison c) {
        if (rows.isEmpty()) {
            return;
        }
        List<String> header = new ArrayList<>(List.of("point", "figure", c.baseline()));
        for (RunInfo r : c.runs().subList(1, c.runs().size())) {
            header.addAll(List.of(r.label(), "change", "95% CI", "verdict"));
        }
        TextTable t = new TextTable(header.toArray(String[]::new));
        t.leftAlign(1);
        for (int i = 0; i < c.runs().size() - 1; i++) {
            t.leftAlign(3 + 4 * i + 3);
        }
        for (Row row : rows) {
            List<String> cells = new ArrayList<>(List.of(row.point(), row.figure(), value(row, row.values().get(0))));
            for (int i = 0; i < row.changes().size(); i++) {
                Change ch = row.changes().get(i);
                cells.add(value(row, row.values().get(i + 1)));
                cells.add(ch.changePct() == null ? NONE : pct(ch.changePct()));
                cells.add(ch.ciLow() == null ? NONE : pct((ch.ciLow() - 1) * 100) + " .. " + pct((ch.ciHigh() - 1) * 100));
                cells.add(ch.verdict().equals(Comparison.REGRESSED) ? "REGRESSED" : ch.verdict());
            }
            t.row(cells.toArray(String[]::new));
        }
        sb.append(NL).append(title).append(NL).append(t.render());
    }

    private static String value(Row row, Sample s) {
        if (!s.measured()) {
            return s.status();
        }
        String v = row.figure().endsWith("ms") ? fmt("%.3f", s.median()) : fmt("%,.1f", s.median());
        if (s.n() > 1) {
            v += s.cv() == null ? " ±-" : fmt(" ±%.1f%%", 100 * s.cv());
        }
        return v;
    }

    private static String pct(double changePct) {
        return fmt("%+.1f%%", changePct);
    }

    private static String abbrev(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    private static String or(String s) {
        return s == null ? NONE : s;
    }

    private static String fmt(String pattern, Object value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
