package io.jharness.harness.check;

/**
 * One target, evaluated.
 *
 * @param target        what is bounded, e.g. {@code throughput batch=8 tok/s}
 * @param bound         {@code min} (measured must be at least the limit) or {@code max} (at most)
 * @param limit         the bound's value
 * @param measured      the measured value; null when it was not measured
 * @param margin        how far inside the bound the value is (negative: outside); null when not measured
 * @param marginPercent the margin as a percentage of the limit; null when not measured or the limit is 0
 * @param met           whether the target is met; a target not measured is not met
 * @param note          why it was not measured, else null
 */
public record TargetCheck(
        String target, String bound, double limit, Double measured, Double margin, Double marginPercent, boolean met,
        String note) {

    public static final String MIN = "min";
    public static final String MAX = "max";

    static TargetCheck of(String target, String bound, double limit, double measured) {
        if (Double.isNaN(measured)) {
            return notMeasured(target, bound, limit, "not a number in the results");
        }
        double margin = MIN.equals(bound) ? measured - limit : limit - measured;
        Double percent = limit == 0 ? null : 100 * margin / limit;
        return new TargetCheck(target, bound, limit, measured, margin, percent, margin >= 0, null);
    }

    static TargetCheck notMeasured(String target, String bound, double limit, String why) {
        return new TargetCheck(target, bound, limit, null, null, null, false, why);
    }
}
