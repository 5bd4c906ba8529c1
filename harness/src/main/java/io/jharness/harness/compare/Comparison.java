package io.jharness.harness.compare;

import java.util.List;

/**
 * What {@code harness compare} found, as {@code compare.json} holds it: the runs (the first is the
 * baseline), how their metadata differ, and every compared figure with each run's value and its
 * change against the baseline.
 *
 * @param baseline            the baseline's label
 * @param runs                every run, baseline first
 * @param expectedDifferences metadata that differ as expected between runs (engine, device, commit, timer...)
 * @param forcedDifferences   workload settings that differ, compared anyway with {@code --force}; empty otherwise
 * @param method              how significance is decided
 * @param notes               caveats for the reader (no noise estimate, sections missing from some runs)
 * @param throughput          tokens/s per batch size; empty unless every run has a throughput.json
 * @param latency             request latency percentiles; empty unless every run has a latency.json
 * @param serve               per serve point: output tokens/s, TTFT and ITL percentiles; empty unless every run has a serve_sweep.json
 * @param improvements        significant changes for the better
 * @param regressions         significant changes for the worse
 */
public record Comparison(
        String baseline,
        List<RunInfo> runs,
        List<KeyDifference> expectedDifferences,
        List<KeyDifference> forcedDifferences,
        String method,
        List<String> notes,
        List<Row> throughput,
        List<Row> latency,
        List<Row> serve,
        int improvements,
        int regressions) {

    public static final String FILE = "compare.json";

    /** Verdicts of a change. */
    public static final String IMPROVED = "improved";
    public static final String REGRESSED = "regressed";
    public static final String NO_CHANGE = "no significant change";
    public static final String NO_NOISE = "no noise estimate";
    public static final String MISSING = "not comparable";

    /**
     * One run, as the header describes it.
     *
     * @param label     its short name
     * @param dir       its directory
     * @param workload  throughput, latency or serve (from run.json)
     * @param engine    engine name
     * @param model     model, as its run.json gives it
     * @param device    device
     * @param dtype     dtype
     * @param timer     how its steps were timed
     * @param gitCommit the harness commit that ran it, when known
     * @param simulated whether its figures come from the mock engine's latency model
     * @param repeats   the most repeats behind any of its points (1: measured once)
     */
    public record RunInfo(String label, String dir, String workload, String engine, String model, String device,
            String dtype, String timer, String gitCommit, Boolean simulated, int repeats) {}

    /**
     * A metadata key whose value differs between runs.
     *
     * @param key    the key (a run.json config key, or engine, model, device...)
     * @param values each run's value, in run order ({@code not recorded} where a run.json lacks it)
     */
    public record KeyDifference(String key, List<String> values) {}

    /**
     * One compared figure at one point.
     *
     * @param point          {@code batch 8}, {@code request}, {@code rate=4}
     * @param figure         {@code tok/s}, {@code p99 ms}, {@code TTFT p99 ms}
     * @param higherIsBetter whether a larger value is an improvement
     * @param values         each run's value, baseline first
     * @param changes        each other run's change against the baseline
     */
    public record Row(String point, String figure, boolean higherIsBetter, List<Sample> values, List<Change> changes) {}

    /**
     * One run's value of a figure.
     *
     * @param run    the run's label
     * @param median the median of its repeats (its one value when measured once); null when missing
     * @param n      repeats behind it
     * @param cv     coefficient of variation over the repeats; null when measured once
     * @param values every repeat's value
     * @param status null when measured; {@code failed} or {@code missing} (the run has no such point)
     */
    public record Sample(String run, Double median, Integer n, Double cv, List<Double> values, String status) {

        static Sample missing(String run, String status) {
            return new Sample(run, null, null, null, null, status);
        }

        /** Whether the run measured this figure. */
        public boolean measured() {
            return status == null;
        }

        double[] array() {
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /**
     * A run's change against the baseline.
     *
     * @param run       the run's label
     * @param ratio     its median over the baseline's; null when either is missing
     * @param changePct {@code (ratio - 1) * 100}
     * @param ciLow     lower end of the bootstrap interval of the ratio; null without a noise estimate
     * @param ciHigh    upper end
     * @param verdict   improved, regressed, no significant change, no noise estimate, or not comparable
     */
    public record Change(String run, Double ratio, Double changePct, Double ciLow, Double ciHigh, String verdict) {}
}
