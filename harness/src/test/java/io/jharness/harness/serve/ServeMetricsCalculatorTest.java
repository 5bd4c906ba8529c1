package io.jharness.harness.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.harness.config.SloSpec;
import io.jharness.harness.results.ServeMetrics;
import io.jharness.harness.scheduler.ServeRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metric definitions, on requests whose every time is set by hand. */
class ServeMetricsCalculatorTest {

    private static final long MS = 1_000_000L;

    /** A finished request: arrival, admission, then token times, all in ms. */
    private static ServeRequest request(int id, long arrival, long admitted, boolean warmup, long... tokens) {
        ServeRequest r = new ServeRequest(id, arrival * MS, new int[10], tokens.length, warmup);
        r.arrive();
        r.admit(0, admitted * MS);
        for (long t : tokens) {
            r.token(1, t * MS);
        }
        return r;
    }

    private static void ms(double expected, double actual) {
        assertEquals(expected, actual, Math.max(1e-9, expected * 1e-3));
    }

    @Test
    void definitionsOnAHandComputedCase() {
        // Arrives at 0, waits 10 ms, prefill takes 20 ms, then tokens 10 and 20 ms apart.
        ServeRequest a = request(0, 0, 10, false, 30, 40, 60);
        // Arrives at 20, admitted at once, one token only: TTFT = E2E, no TPOT, no ITL.
        ServeRequest b = request(1, 20, 20, false, 50);
        ServeMetrics m = ServeMetricsCalculator.compute(List.of(a, b), r -> true, null);
        assertEquals(2, m.requests());
        ms(30, m.ttftMs().p50Ms());
        ms(30, m.ttftMs().maxMs());
        ms(30, m.ttftMs().minMs());
        assertEquals(1, m.tpotMs().count(), "TPOT only for requests of more than one token");
        ms((60 - 30) / 2.0, m.tpotMs().p50Ms());
        assertEquals(2, m.itlMs().count(), "ITL pools the gaps of every request");
        ms(10, m.itlMs().minMs());
        ms(20, m.itlMs().maxMs());
        ms(60, m.e2eMs().maxMs());
        ms(30, m.e2eMs().minMs());
        // Duration: first scheduled arrival (0) to last token (60 ms).
        assertEquals(0.060, m.durationSec(), 1e-12);
        assertEquals(2 / 0.060, m.requestsPerSec(), 1e-9);
        assertEquals(4 / 0.060, m.outputTokensPerSec(), 1e-9);
        assertEquals((20 + 4) / 0.060, m.totalTokensPerSec(), 1e-9);
        assertEquals(20, m.inputTokens());
        assertEquals(4, m.outputTokens());
        // TTFT parts: queue (10, 0), prefill wall (20, 30); no GPU timer, so other = TTFT - queue - prefill = 0.
        ms(10, m.ttftBreakdown().queueMs().maxMs());
        ms(0, m.ttftBreakdown().queueMs().minMs());
        ms(30, m.ttftBreakdown().prefillMs().maxMs());
        assertNull(m.ttftBreakdown().prefillGpuMs());
        ms(0, m.ttftBreakdown().otherMs().maxMs());
        assertNull(m.goodput());
    }

    @Test
    void prefillGpuTimeSplitsTtft() {
        ServeRequest a = request(0, 0, 10, false, 30);
        a.prefillGpu(15 * MS);
        ServeMetrics m = ServeMetricsCalculator.compute(List.of(a), r -> true, null);
        ms(15, m.ttftBreakdown().prefillGpuMs().p50Ms());
        ms(5, m.ttftBreakdown().otherMs().p50Ms()); // 30 - 10 queued - 15 on the GPU
    }

    @Test
    void latencyCountsFromTheScheduledArrival() {
        // Admitted 500 ms after it was due: all of it is TTFT (no coordinated omission).
        ServeRequest late = request(0, 100, 600, false, 610, 620);
        ServeMetrics m = ServeMetricsCalculator.compute(List.of(late), r -> true, null);
        ms(510, m.ttftMs().p50Ms());
        ms(500, m.ttftBreakdown().queueMs().p50Ms());
    }

    @Test
    void warmupIsLeftOutAndFailuresCountedApart() {
        ServeRequest warm = request(0, 0, 0, true, 1000, 2000);
        ServeRequest ok = request(1, 0, 0, false, 10, 20);
        ServeRequest failed = new ServeRequest(2, 0, new int[3], 4, false);
        failed.arrive();
        failed.fail("engine failed");
        ServeMetrics m = ServeMetricsCalculator.compute(List.of(warm, ok, failed), r -> true, null);
        assertEquals(1, m.requests());
        assertEquals(1, m.failed());
        ms(20, m.e2eMs().maxMs());
        assertFalse(ServeMetricsCalculator.meetsAtP99(m, SloSpec.parse("ttft=1s")), "a failed request misses any SLO");
    }

    @Test
    void goodputCountsRequestsWithinEveryBound() {
        ServeRequest fast = request(0, 0, 0, false, 10, 20, 30); // TTFT 10, TPOT 10
        ServeRequest slowStart = request(1, 0, 0, false, 100, 110, 120); // TTFT 100
        ServeRequest slowTokens = request(2, 0, 0, false, 10, 60, 110); // TPOT 50
        ServeRequest single = request(3, 0, 0, false, 40); // one token: TTFT only
        ServeMetrics m = ServeMetricsCalculator.compute(List.of(fast, slowStart, slowTokens, single), r -> true,
                SloSpec.parse("ttft=50ms,tpot=20ms"));
        assertEquals(0.5, m.goodput().fraction(), 1e-12);
        assertEquals(2 / m.durationSec(), m.goodput().requestsPerSec(), 1e-9);
        assertEquals("ttft=50ms,tpot=20ms", m.goodput().slo());
        assertFalse(ServeMetricsCalculator.meetsAtP99(m, SloSpec.parse("ttft=50ms,tpot=20ms")));
        assertTrue(ServeMetricsCalculator.meetsAtP99(m, SloSpec.parse("ttft=200ms,tpot=60ms")));
    }

    @Test
    void aWindowSelectsRequests() {
        ServeRequest a = request(0, 0, 0, false, 10);
        ServeRequest b = request(1, 100, 100, false, 130);
        ServeMetrics m = ServeMetricsCalculator.compute(List.of(a, b), r -> r.id() == 1, null);
        assertEquals(1, m.requests());
        ms(30, m.ttftMs().p50Ms());
    }

    @Test
    void sloSpecParsesAndRejects() {
        SloSpec s = SloSpec.parse("TTFT=200ms, tpot=50ms,e2e=2s,itl=100ms");
        assertEquals(200 * MS, s.bound("ttft"));
        assertEquals(2_000 * MS, s.bound("e2e"));
        assertEquals(Long.MAX_VALUE, SloSpec.parse("ttft=1s").bound("tpot"));
        for (String bad : new String[] {"ttft", "latency=2s", "ttft=fast", "ttft=0ms", ""}) {
            assertThrows(IllegalArgumentException.class, () -> SloSpec.parse(bad), bad);
        }
    }
}
