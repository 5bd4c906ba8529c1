package io.jharness.harness.results;

/**
 * One point of an online-load sweep: a rate (open loop) or a concurrency (closed loop).
 *
 * @param label          {@code rate=4} or {@code concurrency=8}
 * @param offeredRate    the offered arrival rate in requests/s; null for a closed loop or a trace
 * @param concurrency    requests kept in flight; null for an open loop
 * @param status         {@code ok}, {@code failed} (the engine failed, or it timed out) or
 *                       {@code skipped} (the run was stopped, or the engine was stuck)
 * @param error          why it failed or was skipped, or null
 * @param scheduler      the scheduler and its options
 * @param steps          engine steps run
 * @param metrics        every counted request
 * @param steadyState    the requests inside the steady-state window, or null without one
 * @param meetsSlo       whether p99 TTFT, TPOT, ITL and E2E are within the SLO; null without one
 * @param prefill        prefill step times
 * @param decode         decode step times
 * @param repeats        the spread of the headline figures over the repeats ({@code --repeats N},
 *                       N > 1), else null. With repeats, the throughputs (output, total, requests/s)
 *                       are medians and every other figure is the median repeat's (ranked by output
 *                       tokens/s; see {@code runner.Repeats})
 */
public record ServePoint(
        String label,
        Double offeredRate,
        Integer concurrency,
        String status,
        String error,
        String scheduler,
        Long steps,
        ServeMetrics metrics,
        ServeMetrics steadyState,
        Boolean meetsSlo,
        StepTimeSummary prefill,
        StepTimeSummary decode,
        Repeats repeats) {

    /** A point measured once. */
    public ServePoint(String label, Double offeredRate, Integer concurrency, String status, String error,
            String scheduler, Long steps, ServeMetrics metrics, ServeMetrics steadyState, Boolean meetsSlo,
            StepTimeSummary prefill, StepTimeSummary decode) {
        this(label, offeredRate, concurrency, status, error, scheduler, steps, metrics, steadyState, meetsSlo, prefill,
                decode, null);
    }

    /** The headline figures of every repeat of a point. */
    public record Repeats(RepeatStats outputTokensPerSec, RepeatStats requestsPerSec, RepeatStats ttftP50Ms,
            RepeatStats ttftP99Ms, RepeatStats itlP50Ms, RepeatStats itlP99Ms) {}

    public static ServePoint failed(String label, Double rate, Integer concurrency, String scheduler, String error) {
        return unmeasured(label, rate, concurrency, scheduler, "failed", error);
    }

    /** A point without figures: {@code failed} or {@code skipped}, and why. */
    public static ServePoint unmeasured(String label, Double rate, Integer concurrency, String scheduler, String status,
            String error) {
        return new ServePoint(label, rate, concurrency, status, error, scheduler, null, null, null, null, null, null, null);
    }

    public boolean ok() {
        return "ok".equals(status);
    }
}
