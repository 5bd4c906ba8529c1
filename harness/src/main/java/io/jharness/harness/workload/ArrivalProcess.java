package io.jharness.harness.workload;

import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * When the requests of an open-loop run arrive.
 *
 * <ul>
 *   <li>{@link Poisson}: exponential gaps with mean {@code 1 / rate}.
 *   <li>{@link Gamma}: gamma gaps with shape {@code k} and scale {@code 1 / (rate * k)}, so the mean gap
 *       is still {@code 1 / rate} and its variance {@code 1 / (k * rate^2)}; {@code k = 1} is Poisson,
 *       {@code k < 1} is burstier, {@code k > 1} more regular (vLLM's {@code --burstiness}).
 *   <li>{@link Constant}: evenly spaced, {@code 1 / rate} apart.
 * </ul>
 *
 * <p>{@link #arrivals} gives times in nanoseconds from the start of the run, non-decreasing. For the
 * random processes the first request arrives after one gap (so every entry, including the first, is
 * preceded by an independent gap); for {@link Constant} the first request arrives at 0 and request
 * {@code i} at {@code i / rate}. The same seed always gives the same schedule, and a schedule for
 * {@code n} requests is the first {@code n} entries of a longer one with the same seed.
 */
public sealed interface ArrivalProcess {

    /** Mean requests per second; finite and above 0. */
    double ratePerSec();

    /** The process's name as {@link #of} accepts it: {@code poisson}, {@code gamma} or {@code constant}. */
    String kind();

    /** A one-line description for logs and run metadata, e.g. {@code gamma(rate=4/s, burstiness=0.5)}. */
    String describe();

    /**
     * Arrival times of {@code count} requests.
     *
     * @return nanoseconds from the start of the run, non-decreasing
     * @throws IllegalArgumentException if {@code count} is negative
     */
    long[] arrivals(int count, long seed);

    /** Poisson arrivals: independent exponential gaps with mean {@code 1 / ratePerSec}. */
    record Poisson(double ratePerSec) implements ArrivalProcess {
        public Poisson {
            checkRate(ratePerSec);
        }

        @Override
        public String kind() {
            return "poisson";
        }

        @Override
        public String describe() {
            return "poisson(rate=" + num(ratePerSec) + "/s)";
        }

        @Override
        public long[] arrivals(int count, long seed) {
            checkCount(count);
            SplittableRandom random = new SplittableRandom(seed);
            return accumulate(count, () -> random.nextExponential() / ratePerSec);
        }
    }

    /**
     * Gamma-distributed gaps: shape {@code shape}, scale {@code 1 / (ratePerSec * shape)}, sampled with
     * Apache Commons RNG's Marsaglia–Tsang sampler (Ahrens–Dieter for shapes below 1).
     */
    record Gamma(double ratePerSec, double shape) implements ArrivalProcess {
        public Gamma {
            checkRate(ratePerSec);
            if (!(shape > 0) || !Double.isFinite(shape)) {
                throw new IllegalArgumentException("burstiness " + num(shape)
                        + " is not allowed; it must be a finite number > 0 (1 = Poisson, < 1 burstier, > 1 more regular)");
            }
        }

        @Override
        public String kind() {
            return "gamma";
        }

        @Override
        public String describe() {
            return "gamma(rate=" + num(ratePerSec) + "/s, burstiness=" + num(shape) + ")";
        }

        @Override
        public long[] arrivals(int count, long seed) {
            checkCount(count);
            SplittableRandom random = new SplittableRandom(seed);
            UniformRandomProvider source = random::nextLong;
            ContinuousSampler gaps = AhrensDieterMarsagliaTsangGammaSampler.of(source, shape, 1.0 / (ratePerSec * shape));
            return accumulate(count, gaps);
        }
    }

    /** Evenly spaced arrivals: request {@code i} at {@code i / ratePerSec} seconds; the first at 0. */
    record Constant(double ratePerSec) implements ArrivalProcess {
        public Constant {
            checkRate(ratePerSec);
        }

        @Override
        public String kind() {
            return "constant";
        }

        @Override
        public String describe() {
            return "constant(rate=" + num(ratePerSec) + "/s)";
        }

        /** The seed is not used. */
        @Override
        public long[] arrivals(int count, long seed) {
            checkCount(count);
            long[] out = new long[count];
            double gapNanos = 1e9 / ratePerSec;
            for (int i = 0; i < count; i++) {
                out[i] = toNanos(i * gapNanos);
            }
            return out;
        }
    }

    /**
     * Makes a process from command-line values.
     *
     * @param kind {@code poisson}, {@code gamma} or {@code constant} (case and surrounding blanks ignored)
     * @param rate mean requests per second, finite and above 0
     * @param burstiness the gamma shape, finite and above 0; only read when {@code kind} is {@code gamma}
     * @throws IllegalArgumentException naming the bad value and what is allowed
     */
    static ArrivalProcess of(String kind, double rate, double burstiness) {
        String k = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "poisson" -> new Poisson(rate);
            case "gamma" -> new Gamma(rate, burstiness);
            case "constant" -> new Constant(rate);
            default -> throw new IllegalArgumentException("arrival process '" + kind
                    + "' is not allowed; use poisson, gamma or constant");
        };
    }

    private static void checkRate(double rate) {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("request rate " + num(rate)
                    + " is not allowed; it must be a finite number of requests per second > 0");
        }
    }

    private static void checkCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("request count " + count + " is not allowed; it must be >= 0");
        }
    }

    /** Running sums of {@code count} gaps in seconds, as nanoseconds; the first entry is the first gap. */
    private static long[] accumulate(int count, ContinuousSampler gapSeconds) {
        long[] out = new long[count];
        double t = 0;
        for (int i = 0; i < count; i++) {
            t += gapSeconds.sample() * 1e9;
            out[i] = toNanos(t);
        }
        return out;
    }

    private static long toNanos(double nanos) {
        if (!(nanos < 0x1p63)) {
            throw new IllegalArgumentException("arrival schedule runs past " + Long.MAX_VALUE
                    + " ns; use a higher rate or fewer requests");
        }
        return Math.round(nanos);
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
