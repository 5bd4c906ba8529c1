package io.jharness.harness.report;

import io.jharness.harness.check.CheckReport;
import io.jharness.harness.results.RunReport;
import java.util.List;

/**
 * One results directory, read back for the report: what it holds and how it fared against
 * targets.
 *
 * @param source       the directory as the user named it, e.g. {@code results/latest}
 * @param report       its results, with its {@code run.json} and {@code telemetry.json} when present
 * @param files        the result files found in it, e.g. {@code throughput.json}, in a fixed order
 * @param savedCheck   the {@code check.json} an earlier {@code harness check} wrote there, or null
 * @param targetsCheck the targets given to {@code harness report --targets} that apply to the
 *                     directory's files, checked now; null when none was given or none applies
 * @param notChecked   the sections of that targets file left unchecked because the directory has
 *                     no result file for them, e.g. {@code throughput targets: no throughput.json}
 */
public record RunResults(String source, RunReport report, List<String> files, CheckReport savedCheck,
        CheckReport targetsCheck, List<String> notChecked) {

    public RunResults {
        files = List.copyOf(files);
        notChecked = List.copyOf(notChecked);
    }

    /** Whether the figures come from the mock engine's latency model; false when unknown. */
    public boolean simulated() {
        return report.metadata() != null && report.metadata().simulated();
    }
}
