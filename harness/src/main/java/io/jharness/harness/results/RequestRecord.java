package io.jharness.harness.results;

import io.jharness.harness.scheduler.ServeRequest;

/**
 * One served request, as a line of {@code requests.jsonl}. Times are milliseconds from the start
 * of the point's run, on the engine's clock.
 *
 * @param id                 position in the workload
 * @param warmup             a warm-up request (left out of the metrics)
 * @param status             done, failed, or where it was when the run stopped
 * @param scheduledArrivalMs when it was due to arrive: its latencies count from here
 * @param admittedMs         when its prefill step started; null if never admitted
 * @param firstTokenMs       when its first token was on the host; null if none
 * @param completionMs       when its last token was on the host; null if not done
 * @param inputTokens        prompt tokens
 * @param outputTokens       tokens generated
 * @param error              why it failed, or null
 * @param tokenTimesMs       when each token was on the host; null unless token times are kept
 */
public record RequestRecord(
        int id,
        boolean warmup,
        String status,
        double scheduledArrivalMs,
        Double admittedMs,
        Double firstTokenMs,
        Double completionMs,
        int inputTokens,
        int outputTokens,
        String error,
        double[] tokenTimesMs) {

    public static RequestRecord of(ServeRequest r, boolean withTokenTimes) {
        int n = r.generated();
        double[] times = null;
        if (withTokenTimes) {
            times = new double[n];
            for (int i = 0; i < n; i++) {
                times[i] = ms(r.tokenNanos(i));
            }
        }
        return new RequestRecord(
                r.id(),
                r.warmup(),
                r.status().name().toLowerCase(java.util.Locale.ROOT),
                ms(r.arrivalNanos()),
                r.admittedNanos() < 0 ? null : ms(r.admittedNanos()),
                n > 0 ? ms(r.tokenNanos(0)) : null,
                r.status() == ServeRequest.Status.DONE ? ms(r.tokenNanos(n - 1)) : null,
                r.inputLen(),
                n,
                r.error(),
                times);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
