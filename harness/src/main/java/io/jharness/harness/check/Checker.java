package io.jharness.harness.check;

import io.jharness.harness.format.LatencyJson;
import io.jharness.harness.format.ServeSweepJson;
import io.jharness.harness.format.ThroughputJson;
import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.LatencyResult;
import io.jharness.harness.results.ServeMetrics;
import io.jharness.harness.results.ServePoint;
import io.jharness.harness.results.ServeSweep;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Evaluates targets against results. A target whose figure is not in the results (the file, the
 * batch size or the point is absent, or the point failed) is not met: a gate must not pass
 * because nothing was measured.
 */
public final class Checker {

    private Checker() {}

    /**
     * @param throughput a throughput.json's content, or null when the results have none
     * @param latency    a latency.json's content, or null
     * @param serve      a serve_sweep.json's content, or null
     * @return one check per target, in the file's order: throughput, latency, serve
     */
    public static List<TargetCheck> check(Targets targets, ThroughputResult throughput, LatencyResult latency, ServeSweep serve) {
        List<TargetCheck> checks = new ArrayList<>();
        for (Targets.ThroughputTarget t : targets.throughput()) {
            String name = "throughput batch=" + t.batchSize() + " tok/s";
            double limit = t.minTokensPerSec();
            if (throughput == null) {
                checks.add(TargetCheck.notMeasured(name, TargetCheck.MIN, limit, "no " + ThroughputJson.FILE));
                continue;
            }
            Optional<ThroughputPoint> point = throughput.points().stream().filter(p -> p.batchSize() == t.batchSize()).findFirst();
            if (point.isEmpty()) {
                checks.add(TargetCheck.notMeasured(name, TargetCheck.MIN, limit, "batch " + t.batchSize() + " not in the run"));
            } else if (!point.get().ok() || point.get().throughputTokensPerSec() == null) {
                checks.add(TargetCheck.notMeasured(name, TargetCheck.MIN, limit, "batch " + t.batchSize() + " failed"));
            } else {
                checks.add(TargetCheck.of(name, TargetCheck.MIN, limit, point.get().throughputTokensPerSec()));
            }
        }
        Targets.LatencyTargets l = targets.latency();
        if (l != null) {
            latency(checks, latency, "latency mean ms", l.meanMs(), r -> r.meanMs());
            latency(checks, latency, "latency p50 ms", l.p50Ms(), r -> r.medianMs());
            latency(checks, latency, "latency p90 ms", l.p90Ms(), r -> r.p90Ms());
            latency(checks, latency, "latency p95 ms", l.p95Ms(), r -> r.p95Ms());
            latency(checks, latency, "latency p99 ms", l.p99Ms(), r -> r.p99Ms());
            latencyDist(checks, latency, "latency ttft p50 ms", l.p50TtftMs(), LatencyResult::ttftMs, DistributionSummary::p50Ms);
            latencyDist(checks, latency, "latency ttft p99 ms", l.p99TtftMs(), LatencyResult::ttftMs, DistributionSummary::p99Ms);
            latencyDist(checks, latency, "latency itl p50 ms", l.p50ItlMs(), LatencyResult::itlMs, DistributionSummary::p50Ms);
            latencyDist(checks, latency, "latency itl p99 ms", l.p99ItlMs(), LatencyResult::itlMs, DistributionSummary::p99Ms);
            latencyDist(checks, latency, "latency tpot p50 ms", l.p50TpotMs(), LatencyResult::tpotMs, DistributionSummary::p50Ms);
            latencyDist(checks, latency, "latency tpot p99 ms", l.p99TpotMs(), LatencyResult::tpotMs, DistributionSummary::p99Ms);
        }
        for (Targets.ServeTarget t : targets.serve()) {
            String prefix = "serve " + t.label() + " ";
            String missing = null;
            ServeMetrics m = null;
            if (serve == null) {
                missing = "no " + ServeSweepJson.FILE;
            } else {
                List<ServePoint> matching = serve.points().stream().filter(p -> matches(t, p)).toList();
                Optional<ServePoint> ok = matching.stream().filter(p -> p.ok() && p.metrics() != null).reduce((a, b) -> b);
                if (ok.isPresent()) {
                    m = ok.get().metrics();
                } else {
                    missing = matching.isEmpty() ? "no point " + t.label() + " in the run" : "point " + t.label() + " failed";
                }
            }
            serveDist(checks, m, missing, prefix + "ttft p50 ms", t.p50TtftMs(), ServeMetrics::ttftMs, DistributionSummary::p50Ms);
            serveDist(checks, m, missing, prefix + "ttft p99 ms", t.p99TtftMs(), ServeMetrics::ttftMs, DistributionSummary::p99Ms);
            serveDist(checks, m, missing, prefix + "itl p50 ms", t.p50ItlMs(), ServeMetrics::itlMs, DistributionSummary::p50Ms);
            serveDist(checks, m, missing, prefix + "itl p99 ms", t.p99ItlMs(), ServeMetrics::itlMs, DistributionSummary::p99Ms);
            serveDist(checks, m, missing, prefix + "tpot p50 ms", t.p50TpotMs(), ServeMetrics::tpotMs, DistributionSummary::p50Ms);
            serveDist(checks, m, missing, prefix + "tpot p99 ms", t.p99TpotMs(), ServeMetrics::tpotMs, DistributionSummary::p99Ms);
            serveDist(checks, m, missing, prefix + "e2e p50 ms", t.p50E2eMs(), ServeMetrics::e2eMs, DistributionSummary::p50Ms);
            serveDist(checks, m, missing, prefix + "e2e p99 ms", t.p99E2eMs(), ServeMetrics::e2eMs, DistributionSummary::p99Ms);
            if (t.minGoodputFraction() != null) {
                String name = prefix + "goodput fraction";
                if (m == null) {
                    checks.add(TargetCheck.notMeasured(name, TargetCheck.MIN, t.minGoodputFraction(), missing));
                } else if (m.goodput() == null) {
                    checks.add(TargetCheck.notMeasured(name, TargetCheck.MIN, t.minGoodputFraction(), "run without --slo"));
                } else {
                    checks.add(TargetCheck.of(name, TargetCheck.MIN, t.minGoodputFraction(), m.goodput().fraction()));
                }
            }
            serveMin(checks, m, missing, prefix + "req/s", t.minRequestsPerSec(), ServeMetrics::requestsPerSec);
            serveMin(checks, m, missing, prefix + "output tok/s", t.minOutputTokensPerSec(), ServeMetrics::outputTokensPerSec);
        }
        return checks;
    }

    private static boolean matches(Targets.ServeTarget t, ServePoint p) {
        if (t.rate() != null) {
            return p.concurrency() == null && p.offeredRate() != null
                    && Math.abs(p.offeredRate() - t.rate()) <= 1e-9 * Math.max(1, t.rate());
        }
        return t.concurrency().equals(p.concurrency());
    }

    private static void latency(List<TargetCheck> checks, LatencyResult r, String name, Targets.Max max,
            ToDoubleFunction<LatencyResult> value) {
        if (max == null) {
            return;
        }
        checks.add(r == null ? TargetCheck.notMeasured(name, TargetCheck.MAX, max.max(), "no " + LatencyJson.FILE)
                : TargetCheck.of(name, TargetCheck.MAX, max.max(), value.applyAsDouble(r)));
    }

    private static void latencyDist(List<TargetCheck> checks, LatencyResult r, String name, Targets.Max max,
            Function<LatencyResult, DistributionSummary> dist, ToDoubleFunction<DistributionSummary> value) {
        if (max == null) {
            return;
        }
        DistributionSummary d = r == null ? null : dist.apply(r);
        checks.add(r == null ? TargetCheck.notMeasured(name, TargetCheck.MAX, max.max(), "no " + LatencyJson.FILE)
                : d == null || d.count() == 0 ? TargetCheck.notMeasured(name, TargetCheck.MAX, max.max(), "not in the results")
                : TargetCheck.of(name, TargetCheck.MAX, max.max(), value.applyAsDouble(d)));
    }

    private static void serveDist(List<TargetCheck> checks, ServeMetrics m, String missing, String name, Targets.Max max,
            Function<ServeMetrics, DistributionSummary> dist, ToDoubleFunction<DistributionSummary> value) {
        if (max == null) {
            return;
        }
        DistributionSummary d = m == null ? null : dist.apply(m);
        checks.add(m == null ? TargetCheck.notMeasured(name, TargetCheck.MAX, max.max(), missing)
                : d == null || d.count() == 0 ? TargetCheck.notMeasured(name, TargetCheck.MAX, max.max(), "not in the results")
                : TargetCheck.of(name, TargetCheck.MAX, max.max(), value.applyAsDouble(d)));
    }

    private static void serveMin(List<TargetCheck> checks, ServeMetrics m, String missing, String name, Double min,
            ToDoubleFunction<ServeMetrics> value) {
        if (min == null) {
            return;
        }
        checks.add(m == null ? TargetCheck.notMeasured(name, TargetCheck.MIN, min, missing)
                : TargetCheck.of(name, TargetCheck.MIN, min, value.applyAsDouble(m)));
    }
}
