package io.jharness.harness.serve;

import io.jharness.harness.config.SloSpec;
import io.jharness.harness.metrics.LatencyRecorder;
import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.ServeMetrics;
import io.jharness.harness.scheduler.ServeRequest;
import java.util.List;
import java.util.function.Predicate;

/**
 * Computes {@link ServeMetrics} from served requests: warm-up requests are left out, failed ones
 * counted apart, and every latency is measured from the request's scheduled arrival, so time
 * spent queueing counts (no coordinated omission).
 */
public final class ServeMetricsCalculator {

    private ServeMetricsCalculator() {}

    /**
     * @param requests served requests (in any state)
     * @param include  which non-warm-up requests to count (a steady-state window, or all)
     * @param slo      bounds for goodput, or null
     */
    public static ServeMetrics compute(List<ServeRequest> requests, Predicate<ServeRequest> include, SloSpec slo) {
        LatencyRecorder ttft = new LatencyRecorder();
        LatencyRecorder tpot = new LatencyRecorder();
        LatencyRecorder itl = new LatencyRecorder();
        LatencyRecorder e2e = new LatencyRecorder();
        LatencyRecorder queue = new LatencyRecorder();
        LatencyRecorder prefill = new LatencyRecorder();
        LatencyRecorder prefillGpu = new LatencyRecorder();
        LatencyRecorder other = new LatencyRecorder();
        long count = 0;
        long failed = 0;
        long good = 0;
        long inputTokens = 0;
        long outputTokens = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ServeRequest r : requests) {
            if (r.warmup() || !include.test(r)) {
                continue;
            }
            if (r.status() != ServeRequest.Status.DONE) {
                failed++;
                continue;
            }
            count++;
            int n = r.outputLen();
            long arrival = r.arrivalNanos();
            long firstToken = r.tokenNanos(0) - arrival;
            long end = r.tokenNanos(n - 1) - arrival;
            ttft.record(firstToken);
            e2e.record(end);
            long maxGap = 0;
            for (int i = 1; i < n; i++) {
                long gap = r.tokenNanos(i) - r.tokenNanos(i - 1);
                itl.record(gap);
                maxGap = Math.max(maxGap, gap);
            }
            long perToken = n > 1 ? (end - firstToken) / (n - 1) : -1;
            if (n > 1) {
                tpot.record(perToken);
            }
            long queued = r.admittedNanos() - arrival;
            long prefillWall = r.tokenNanos(0) - r.admittedNanos();
            queue.record(queued);
            prefill.record(prefillWall);
            long prefillPart = prefillWall;
            if (r.prefillGpuNanos() >= 0) {
                prefillGpu.record(r.prefillGpuNanos());
                prefillPart = r.prefillGpuNanos();
            }
            other.record(firstToken - queued - prefillPart);
            inputTokens += r.inputLen();
            outputTokens += n;
            first = Math.min(first, arrival);
            last = Math.max(last, r.tokenNanos(n - 1));
            if (slo != null && firstToken <= slo.bound("ttft") && end <= slo.bound("e2e")
                    && (n == 1 || (perToken <= slo.bound("tpot") && maxGap <= slo.bound("itl")))) {
                good++;
            }
        }
        double duration = count == 0 ? 0 : (last - first) / 1e9;
        double perSec = duration > 0 ? 1 / duration : 0;
        return new ServeMetrics(
                count,
                failed,
                duration,
                count * perSec,
                outputTokens * perSec,
                (inputTokens + outputTokens) * perSec,
                inputTokens,
                outputTokens,
                ttft.summary(),
                tpot.summary(),
                itl.summary(),
                e2e.summary(),
                new ServeMetrics.TtftBreakdown(queue.summary(), prefill.summary(), prefillGpu.summary(), other.summary()),
                slo == null ? null : new ServeMetrics.Goodput(slo.toString(), good * perSec,
                        count == 0 ? 0 : (double) good / count));
    }

    /** Whether the p99 of every bounded metric is within its bound. */
    public static boolean meetsAtP99(ServeMetrics m, SloSpec slo) {
        return within(m.ttftMs(), slo.bound("ttft")) && within(m.tpotMs(), slo.bound("tpot"))
                && within(m.itlMs(), slo.bound("itl")) && within(m.e2eMs(), slo.bound("e2e")) && m.failed() == 0
                && m.requests() > 0;
    }

    private static boolean within(DistributionSummary d, long boundNanos) {
        return boundNanos == Long.MAX_VALUE || d == null || d.p99Ms() * 1e6 <= boundNanos;
    }
}
