package io.jharness.harness.check;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A performance targets file ({@code harness check RESULTS --targets FILE}), as read from YAML.
 * Every section is optional, but a file must set at least one target.
 *
 * @param throughput one row per batch size of {@code throughput.json}
 * @param latency    bounds on {@code latency.json}
 * @param serve      one row per point of {@code serve_sweep.json}, matched by rate or concurrency
 */
public record Targets(List<ThroughputTarget> throughput, LatencyTargets latency, List<ServeTarget> serve) {

    public Targets {
        throughput = throughput == null ? List.of() : List.copyOf(throughput);
        serve = serve == null ? List.of() : List.copyOf(serve);
    }

    /** Targets set, over every section. */
    public int count() {
        return throughput.size() + (latency == null ? 0 : latency.count()) + serve.stream().mapToInt(ServeTarget::count).sum();
    }

    /** An upper bound: {@code {max: 50}}. */
    public record Max(@JsonProperty(required = true) double max) {
        public Max {
            nonNegative("max", max);
        }
    }

    /** {@code - batch_size: 8} with {@code min_tokens_per_sec: 400}. */
    public record ThroughputTarget(
            @JsonProperty(required = true) int batchSize,
            @JsonProperty(required = true) double minTokensPerSec) {
        public ThroughputTarget {
            if (batchSize < 1) {
                throw new TargetException("batch_size", "'batch_size' must be at least 1");
            }
            nonNegative("min_tokens_per_sec", minTokensPerSec);
        }
    }

    /**
     * Upper bounds on a latency run: request (end-to-end) latency, and TTFT, ITL and TPOT.
     */
    public record LatencyTargets(
            Max meanMs, Max p50Ms, Max p90Ms, Max p95Ms, Max p99Ms,
            Max p50TtftMs, Max p99TtftMs, Max p50ItlMs, Max p99ItlMs, Max p50TpotMs, Max p99TpotMs) {

        int count() {
            return (int) Stream.of(meanMs, p50Ms, p90Ms, p95Ms, p99Ms, p50TtftMs, p99TtftMs,
                    p50ItlMs, p99ItlMs, p50TpotMs, p99TpotMs).filter(Objects::nonNull).count();
        }
    }

    /**
     * Bounds on one serve point, named by exactly one of {@code rate} (requests/s, open loop) and
     * {@code concurrency} (closed loop).
     */
    public record ServeTarget(
            Double rate, Integer concurrency,
            Max p50TtftMs, Max p99TtftMs, Max p50ItlMs, Max p99ItlMs, Max p50TpotMs, Max p99TpotMs,
            Max p50E2eMs, Max p99E2eMs,
            Double minGoodputFraction, Double minRequestsPerSec, Double minOutputTokensPerSec) {

        public ServeTarget {
            if ((rate == null) == (concurrency == null)) {
                throw new TargetException(rate == null ? "rate" : "concurrency",
                        "a serve row needs exactly one of 'rate' and 'concurrency'");
            }
            if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
                throw new TargetException("rate", "'rate' must be a number above 0");
            }
            if (concurrency != null && concurrency < 1) {
                throw new TargetException("concurrency", "'concurrency' must be at least 1");
            }
            if (minGoodputFraction != null && !(minGoodputFraction >= 0 && minGoodputFraction <= 1)) {
                throw new TargetException("min_goodput_fraction", "'min_goodput_fraction' must be a number from 0 to 1");
            }
            if (minRequestsPerSec != null) {
                nonNegative("min_requests_per_sec", minRequestsPerSec);
            }
            if (minOutputTokensPerSec != null) {
                nonNegative("min_output_tokens_per_sec", minOutputTokensPerSec);
            }
            if (Stream.of(p50TtftMs, p99TtftMs, p50ItlMs, p99ItlMs, p50TpotMs, p99TpotMs, p50E2eMs, p99E2eMs,
                    minGoodputFraction, minRequestsPerSec, minOutputTokensPerSec).allMatch(Objects::isNull)) {
                throw new TargetException(null, "serve row " + label(rate, concurrency) + " sets no target");
            }
        }

        /** {@code rate=8} or {@code concurrency=4}, as serve labels its points. */
        public String label() {
            return label(rate, concurrency);
        }

        private static String label(Double rate, Integer concurrency) {
            return rate != null ? "rate=" + number(rate) : "concurrency=" + concurrency;
        }

        int count() {
            return (int) Stream.of(p50TtftMs, p99TtftMs, p50ItlMs, p99ItlMs, p50TpotMs, p99TpotMs,
                    p50E2eMs, p99E2eMs, minGoodputFraction, minRequestsPerSec, minOutputTokensPerSec)
                    .filter(Objects::nonNull).count();
        }
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static void nonNegative(String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new TargetException(key, "'" + key + "' must be a number of at least 0");
        }
    }

    /** A value out of range; {@code key} is the key it was given under, for the line number. */
    static final class TargetException extends IllegalArgumentException {
        final String key;

        TargetException(String key, String message) {
            super(message);
            this.key = key;
        }
    }
}
