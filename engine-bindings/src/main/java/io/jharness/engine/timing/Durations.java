package io.jharness.engine.timing;

import java.math.BigDecimal;
import java.util.Locale;

/** Parses and prints durations written as people write them: {@code 4ms}, {@code 15us}, {@code 2s}. */
public final class Durations {

    private Durations() {}

    /**
     * Parses a non-negative duration with a unit: {@code ns}, {@code us}, {@code ms}, {@code s}
     * or {@code m}/{@code min} (minutes); decimals are allowed ({@code 0.5ms}); zero needs no unit.
     *
     * @throws IllegalArgumentException naming the text and the accepted form
     */
    public static long parseNanos(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.matches("0+(\\.0*)?")) {
            return 0;
        }
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        String number = s.substring(0, i);
        String unit = s.substring(i).trim();
        long scale = switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            default -> -1L;
        };
        if (number.isEmpty() || scale < 0) {
            throw new IllegalArgumentException("'" + text
                    + "' is not a duration; write a number and a unit (ns, us, ms, s, m), e.g. 4ms");
        }
        try {
            return new BigDecimal(number).multiply(BigDecimal.valueOf(scale)).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration in whole nanoseconds");
        }
    }

    /** Formats nanoseconds with the largest unit that keeps the figure readable. */
    public static String format(long nanos) {
        if (nanos % 1_000_000_000L == 0 && nanos != 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0 && nanos != 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0 && nanos != 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }
}
