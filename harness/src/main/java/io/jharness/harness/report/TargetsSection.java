package io.jharness.harness.report;

import io.jharness.harness.check.CheckReport;
import io.jharness.harness.check.CheckTable;
import io.jharness.harness.format.ResultTable;
import java.util.List;
import org.jsoup.nodes.Element;

/**
 * How the results fared against performance targets: the targets given to {@code harness report
 * --targets}, checked now (those the directory has results for), and the {@code check.json} an earlier {@code harness check} left in the
 * directory. Each shows its verdict, then the same table {@code harness check} prints.
 */
final class TargetsSection implements RunSection {

    @Override
    public String title() {
        return "Targets";
    }

    @Override
    public boolean appliesTo(RunResults run) {
        return run.targetsCheck() != null || run.savedCheck() != null || !run.notChecked().isEmpty();
    }

    @Override
    public void render(RunResults run, Element into) {
        if (run.simulated() && (run.targetsCheck() != null || run.savedCheck() != null)) {
            into.appendElement("p").addClass("warning")
                    .text("These results are SIMULATED: the targets check the harness, not an engine.");
        }
        if (run.targetsCheck() != null) {
            check(into, run.targetsCheck(), "checked now against " + run.targetsCheck().targetsFile());
        }
        for (String note : run.notChecked()) {
            into.appendElement("p").addClass("note").text("Not checked: " + note + ".");
        }
        if (run.savedCheck() != null) {
            check(into, run.savedCheck(), "from " + CheckReport.FILE + " (harness check against "
                    + run.savedCheck().targetsFile() + ")");
        }
    }

    private static void check(Element into, CheckReport report, String source) {
        Element verdict = into.appendElement("p").addClass("verdict").addClass(report.passed() ? "pass" : "fail");
        verdict.appendElement("strong").text(report.passed() ? "PASSED" : "FAILED");
        verdict.appendText(": " + report.met() + " of " + report.total() + " targets met, " + source);
        // The verdict line above already says how many were met: the table alone, without its count.
        ResultTable table = CheckTable.table(report);
        HtmlTables.append(into, new ResultTable(table.caption(), table.table(), List.of()));
    }
}
