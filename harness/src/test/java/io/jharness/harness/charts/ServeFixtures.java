package io.jharness.harness.charts;

import static io.jharness.harness.charts.ChartFixtures.ms;

import io.jharness.harness.results.DistributionSummary;
import io.jharness.harness.results.RequestRecord;
import io.jharness.harness.results.RunReport;
import io.jharness.harness.results.ServeMetrics;
import io.jharness.harness.results.ServePoint;
import io.jharness.harness.results.ServeSweep;
import java.util.ArrayList;
import java.util.List;

/** Hand-built online-load (serve) reports shaped like mock-engine runs. */
final class ServeFixtures {

    static final String SLO = "ttft=50ms,tpot=6ms";

    private ServeFixtures() {}

    /** Latencies of one point: TTFT and ITL at p50 and p99, TPOT at p99. */
    record Latencies(double ttft50, double ttft99, double itl50, double itl99, double tpot99) {}

    static ServeMetrics metrics(double requestsPerSec, Latencies l, String slo) {
        long requests = 200;
        double duration = requests / requestsPerSec;
        DistributionSummary ttft = ms(requests, l.ttft50(), l.ttft50() * 1.2, l.ttft50() * 1.4, l.ttft99(), l.ttft99() * 1.1);
        DistributionSummary tpot = ms(requests, l.itl50(), l.itl50() * 1.05, l.tpot99() * 0.98, l.tpot99(), l.tpot99());
        DistributionSummary itl = ms(requests * 127, l.itl50(), l.itl50() * 1.1, l.itl99() * 0.9, l.itl99(), l.itl99() * 2);
        DistributionSummary e2e = ms(requests, 520 + l.ttft50(), 540, 560, 600 + l.ttft99(), 700 + l.ttft99());
        return new ServeMetrics(
                requests, 0, duration, requestsPerSec, requestsPerSec * 128, requestsPerSec * 256,
                requests * 128, requests * 128, ttft, tpot, itl, e2e,
                null, slo == null ? null : new ServeMetrics.Goodput(slo, requestsPerSec, 1.0));
    }

    static ServePoint rate(double rate, double achieved, Latencies l, Boolean meetsSlo, String slo) {
        return new ServePoint(label("rate", rate), rate, null, "ok", null, "continuous", 1000L,
                metrics(achieved, l, slo), null, meetsSlo, null, null);
    }

    static ServePoint concurrency(int concurrency, double achieved, Latencies l) {
        return new ServePoint("concurrency=" + concurrency, null, concurrency, "ok", null, "continuous", 1000L,
                metrics(achieved, l, null), null, null, null, null);
    }

    private static String label(String kind, double v) {
        return kind + "=" + (v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
    }

    /** A rate sweep into overload: TTFT p99 from 8 ms to 2.4 s, more than two decades. */
    static ServeSweep rateSweep() {
        return new ServeSweep(List.of(
                rate(4, 4.06, new Latencies(6.0, 8.0, 4.05, 8.1, 4.2), null, null),
                rate(8, 8.03, new Latencies(6.2, 8.1, 4.08, 8.2, 4.3), null, null),
                rate(16, 15.7, new Latencies(6.2, 8.2, 4.16, 8.4, 4.6), null, null),
                rate(32, 30.2, new Latencies(5.8, 8.3, 4.35, 12.5, 5.1), null, null),
                rate(64, 55.1, new Latencies(6.3, 31.1, 4.78, 17.1, 6.1), null, null),
                rate(96, 66.0, new Latencies(123.9, 433.6, 4.97, 12.3, 6.3), null, null),
                rate(128, 66.4, new Latencies(910, 2400, 5.01, 12.4, 6.4), null, null)),
                null);
    }

    /** Concurrencies 1 to 64, doubling. */
    static ServeSweep concurrencySweep() {
        List<ServePoint> points = new ArrayList<>();
        for (int c = 1; c <= 64; c *= 2) {
            points.add(concurrency(c, 1.95 * c / (1 + c / 48.0),
                    new Latencies(4.07 + c * 0.065, 4.26 + c * 0.065, 4.02 + c * 0.0145, 4.2 + c * 0.015, 4.1 + c * 0.014)));
        }
        return new ServeSweep(points, null);
    }

    /** Concurrencies that do not double: a linear axis. */
    static ServeSweep unevenConcurrencySweep() {
        return new ServeSweep(List.of(
                concurrency(1, 1.95, new Latencies(4.07, 4.26, 4.02, 4.2, 4.1)),
                concurrency(3, 5.7, new Latencies(4.2, 4.4, 4.05, 4.24, 4.15)),
                concurrency(10, 17.9, new Latencies(4.7, 4.9, 4.15, 4.35, 4.3)),
                concurrency(24, 37.0, new Latencies(5.6, 5.8, 4.4, 4.6, 4.5))),
                null);
    }

    /** A max-rate search: probes in search order, the first failing at 44 req/s, the answer 42. */
    static ServeSweep findMaxRate() {
        double[][] probes = {
            {1, 1.06, 4.14, 7.87, 4.02, 4.23, 4.13},
            {2, 2.11, 5.23, 8.05, 4.04, 4.28, 4.2},
            {4, 4.2, 5.96, 8.02, 4.05, 8.11, 4.3},
            {8, 8.34, 6.23, 8.16, 4.09, 8.25, 4.5},
            {16, 16.44, 6.19, 8.25, 4.17, 8.38, 4.9},
            {32, 31.94, 5.95, 8.37, 4.37, 12.56, 5.5},
            {64, 60.03, 6.92, 146.28, 4.91, 17.17, 6.7},
            {48, 46.52, 6.48, 8.68, 4.62, 16.81, 6.25},
            {40, 39.35, 6.23, 8.33, 4.48, 12.79, 5.9},
            {44, 42.96, 6.2, 8.56, 4.55, 12.9, 6.05},
            {42, 41.16, 6.26, 8.77, 4.51, 12.84, 5.98},
        };
        List<ServePoint> points = new ArrayList<>();
        for (double[] p : probes) {
            boolean meets = p[3] <= 50 && p[6] <= 6;
            points.add(rate(p[0], p[1], new Latencies(p[2], p[3], p[4], p[5], p[6]), meets, SLO));
        }
        return new ServeSweep(points, new ServeSweep.MaxRate(SLO, 42.0, 44.0, probes.length));
    }

    /** A max-rate search where even the lowest probe missed. */
    static ServeSweep findMaxRateNoneMet() {
        return new ServeSweep(List.of(
                rate(1, 1.0, new Latencies(60, 80, 4.0, 4.2, 7), false, SLO),
                rate(0.5, 0.5, new Latencies(58, 75, 4.0, 4.2, 7), false, SLO)),
                new ServeSweep.MaxRate(SLO, null, 0.5, 2));
    }

    /** A rate sweep whose 32 req/s point failed. */
    static ServeSweep sweepWithFailedPoint() {
        return new ServeSweep(List.of(
                rate(4, 4.06, new Latencies(6.0, 8.0, 4.05, 8.1, 4.2), null, null),
                rate(16, 15.7, new Latencies(6.2, 8.2, 4.16, 8.4, 4.6), null, null),
                ServePoint.failed("rate=32", 32.0, null, "continuous", "out of memory"),
                rate(64, 55.1, new Latencies(6.3, 31.1, 4.78, 17.1, 6.1), null, null)),
                null);
    }

    /** A replayed trace: one point with neither a rate nor a concurrency. */
    static ServeSweep trace() {
        return new ServeSweep(List.of(new ServePoint("trace", null, null, "ok", null, "continuous", 1000L,
                metrics(3.2, new Latencies(7.1, 19.5, 4.1, 8.3, 4.6), null), null, null, null, null)), null);
    }

    /** One token per request: no gaps between tokens, so no ITL or TPOT. */
    static ServeSweep oneToken() {
        ServeMetrics m = metrics(3.9, new Latencies(7.1, 19.5, 4.1, 8.3, 4.6), null);
        ServeMetrics oneToken = new ServeMetrics(m.requests(), m.failed(), m.durationSec(), m.requestsPerSec(),
                m.outputTokensPerSec() / 128, m.totalTokensPerSec(), m.inputTokens(), m.outputTokens() / 128,
                m.ttftMs(), null, null, m.ttftMs(), null, null);
        return new ServeSweep(List.of(new ServePoint("rate=4", 4.0, null, "ok", null, "continuous", 10L,
                oneToken, null, null, null, null)), null);
    }

    static ServeSweep allFailed() {
        return new ServeSweep(List.of(
                ServePoint.failed("rate=8", 8.0, null, "continuous", "boom"),
                ServePoint.failed("rate=16", 16.0, null, "continuous", "boom")), null);
    }

    /**
     * {@code warmups} warm-up requests then {@code measured} ones arriving every 125 ms, each
     * queued a little, prefilled in 4 ms, decoding 128 tokens in 512 ms. The fourth measured
     * request failed after its prefill; the last two the chart shows were unfinished when the
     * run stopped: one decoding, one never admitted.
     */
    static List<RequestRecord> timeline(int warmups, int measured) {
        List<RequestRecord> requests = new ArrayList<>();
        int n = warmups + measured;
        int lastShown = warmups + Math.min(measured, ServeTimelineChart.MAX_MEASURED) - 1;
        for (int i = 0; i < n; i++) {
            double arrival = 40 + i * 125.0 + (i % 3) * 17;
            double admitted = arrival + (i % 5) * 9;
            double first = admitted + 4;
            double done = first + 512;
            String status = "done";
            Double a = admitted;
            Double f = first;
            Double c = done;
            String error = null;
            if (i == warmups + 3) {
                status = "failed";
                c = null;
                error = "engine error";
            } else if (i == lastShown - 1) {
                status = "running";
                c = null;
            } else if (i == lastShown) {
                status = "queued";
                a = null;
                f = null;
                c = null;
            }
            requests.add(new RequestRecord(i, i < warmups, status, arrival, a, f, c, 128, c == null ? 0 : 128, error,
                    null));
        }
        return requests;
    }

    static RunReport report(ServeSweep sweep) {
        return new RunReport(ChartFixtures.metadata("serve", true), null, null, sweep, null, null);
    }

    static RunReport report(ServeSweep sweep, List<RequestRecord> timeline, String point) {
        return new RunReport(ChartFixtures.metadata("serve", true), null, null, sweep, timeline, point);
    }
}
