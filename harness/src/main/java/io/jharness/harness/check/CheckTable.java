package io.jharness.harness.check;

import io.jharness.harness.format.ResultTable;
import io.jharness.harness.format.TextTable;
import java.util.List;
import java.util.Locale;

/** The table {@code harness check} prints: target, measured, bound, margin, result; then a count. */
public final class CheckTable {

    private CheckTable() {}

    public static String render(CheckReport report) {
        return table(report).render();
    }

    /** One row per target; the count of targets met as a note under it. */
    public static ResultTable table(CheckReport report) {
        TextTable table = new TextTable("target", "measured", "bound", "margin", "result").leftAlign(4);
        for (TargetCheck c : report.checks()) {
            String bound = (TargetCheck.MIN.equals(c.bound()) ? ">= " : "<= ") + number(c.limit());
            String measured = c.measured() == null ? "-" : number(c.measured());
            String margin = c.margin() == null ? "-"
                    : signed(c.margin()) + (c.marginPercent() == null ? "" : String.format(Locale.ROOT, " (%+.1f%%)", c.marginPercent()));
            String result = c.met() ? "ok" : c.note() == null ? "FAIL" : "FAIL: not measured (" + c.note() + ")";
            table.row(c.target(), measured, bound, margin, result);
        }
        return new ResultTable(null, table, List.of(report.met() + " of " + report.total() + " targets met"));
    }

    /** Two decimals below 100, one from there: {@code 0.95}, {@code 49.50}, {@code 1,867.4}. */
    static String number(double v) {
        return String.format(Locale.ROOT, Math.abs(v) < 100 ? "%,.2f" : "%,.1f", v);
    }

    private static String signed(double v) {
        String s = number(Math.abs(v));
        return (v < 0 && !s.matches("[0.,]+") ? "-" : "+") + s;
    }
}
