package io.jharness.harness.workload;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * A distribution of sequence lengths in tokens, always at least 1:
 * {@code 128} or {@code fixed:128}; {@code uniform:64,256}; {@code normal:128,32} (clipped to
 * [1, mean + 4 std]); {@code exponential:128} (clipped to [1, 8 * mean]).
 */
public sealed interface LengthDistribution {

    /** Draws one length. */
    int sample(RandomGenerator random);

    /** The largest length this distribution can draw, so KV caches can be sized. */
    int max();

    /** The spec that parses back to this distribution. */
    String spec();

    record Fixed(int length) implements LengthDistribution {
        @Override
        public int sample(RandomGenerator random) {
            return length;
        }

        @Override
        public int max() {
            return length;
        }

        @Override
        public String spec() {
            return Integer.toString(length);
        }
    }

    record Uniform(int min, int maxLength) implements LengthDistribution {
        @Override
        public int sample(RandomGenerator random) {
            return random.nextInt(min, maxLength + 1);
        }

        @Override
        public int max() {
            return maxLength;
        }

        @Override
        public String spec() {
            return "uniform:" + min + "," + maxLength;
        }
    }

    record Normal(int mean, int std) implements LengthDistribution {
        @Override
        public int sample(RandomGenerator random) {
            long v = Math.round(mean + std * random.nextGaussian());
            return (int) Math.min(Math.max(v, 1), max());
        }

        @Override
        public int max() {
            return mean + 4 * std;
        }

        @Override
        public String spec() {
            return "normal:" + mean + "," + std;
        }
    }

    record Exponential(int mean) implements LengthDistribution {
        @Override
        public int sample(RandomGenerator random) {
            long v = Math.round(random.nextExponential() * mean);
            return (int) Math.min(Math.max(v, 1), max());
        }

        @Override
        public int max() {
            return 8 * mean;
        }

        @Override
        public String spec() {
            return "exponential:" + mean;
        }
    }

    /**
     * Parses a spec.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    static LengthDistribution parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        String kind = s.contains(":") ? s.substring(0, s.indexOf(':')) : "fixed";
        String args = s.contains(":") ? s.substring(s.indexOf(':') + 1) : s;
        String[] a = args.split(",", -1);
        try {
            LengthDistribution d = switch (kind) {
                case "fixed" -> a.length == 1 ? new Fixed(positive(a[0])) : null;
                case "uniform" -> a.length == 2 ? new Uniform(positive(a[0]), positive(a[1])) : null;
                case "normal" -> a.length == 2 ? new Normal(positive(a[0]), nonNegative(a[1])) : null;
                case "exponential" -> a.length == 1 ? new Exponential(positive(a[0])) : null;
                default -> null;
            };
            if (d instanceof Uniform u && u.min() > u.maxLength()) {
                throw new IllegalArgumentException("'" + text + "' is not allowed: the minimum is above the maximum");
            }
            if (d != null) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not allowed; use N, fixed:N, uniform:MIN,MAX, "
                + "normal:MEAN,STD or exponential:MEAN with whole numbers >= 1");
    }

    private static int positive(String s) {
        int v = Integer.parseInt(s.trim());
        if (v < 1) {
            throw new NumberFormatException();
        }
        return v;
    }

    private static int nonNegative(String s) {
        int v = Integer.parseInt(s.trim());
        if (v < 0) {
            throw new NumberFormatException();
        }
        return v;
    }
}
