package io.jharness.harness.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadPlanTest {

    private static final ArrivalProcess POISSON = new ArrivalProcess.Poisson(8);
    private static final LengthDistribution IN = LengthDistribution.parse("uniform:16,512");
    private static final LengthDistribution OUT = LengthDistribution.parse("exponential:64");

    private static long[] arrivals(WorkloadPlan p) {
        return p.requests().stream().mapToLong(PlannedRequest::arrivalNanos).toArray();
    }

    private static int[] inputs(WorkloadPlan p) {
        return p.requests().stream().mapToInt(PlannedRequest::inputLen).toArray();
    }

    private static int[] outputs(WorkloadPlan p) {
        return p.requests().stream().mapToInt(PlannedRequest::outputLen).toArray();
    }

    @Test
    void sameSeedSamePlanDifferentSeedDifferentPlan() {
        WorkloadPlan a = WorkloadPlan.open(500, POISSON, IN, OUT, 42);
        assertEquals(a, WorkloadPlan.open(500, POISSON, IN, OUT, 42));
        WorkloadPlan b = WorkloadPlan.open(500, POISSON, IN, OUT, 43);
        assertFalse(java.util.Arrays.equals(arrivals(a), arrivals(b)));
        assertFalse(java.util.Arrays.equals(inputs(a), inputs(b)));
        assertFalse(java.util.Arrays.equals(outputs(a), outputs(b)));
        assertTrue(a.hasArrivals());
        assertEquals(500, a.size());
    }

    @Test
    void streamsAreIndependent() {
        WorkloadPlan base = WorkloadPlan.open(300, POISSON, IN, OUT, 7);

        // another input distribution: arrivals and output lengths unchanged
        WorkloadPlan otherInput = WorkloadPlan.open(300, POISSON, LengthDistribution.parse("normal:200,50"), OUT, 7);
        assertArrayEquals(arrivals(base), arrivals(otherInput));
        assertArrayEquals(outputs(base), outputs(otherInput));
        assertFalse(java.util.Arrays.equals(inputs(base), inputs(otherInput)));

        // another output distribution: arrivals and input lengths unchanged
        WorkloadPlan otherOutput = WorkloadPlan.open(300, POISSON, IN, LengthDistribution.parse("uniform:1,9"), 7);
        assertArrayEquals(arrivals(base), arrivals(otherOutput));
        assertArrayEquals(inputs(base), inputs(otherOutput));

        // another arrival process: lengths unchanged
        WorkloadPlan otherArrivals = WorkloadPlan.open(300, new ArrivalProcess.Gamma(3, 0.5), IN, OUT, 7);
        assertArrayEquals(inputs(base), inputs(otherArrivals));
        assertArrayEquals(outputs(base), outputs(otherArrivals));
        assertFalse(java.util.Arrays.equals(arrivals(base), arrivals(otherArrivals)));

        // a fixed input length consumes nothing, and still leaves the others alone
        WorkloadPlan fixedInput = WorkloadPlan.open(300, POISSON, new LengthDistribution.Fixed(128), OUT, 7);
        assertArrayEquals(outputs(base), outputs(fixedInput));
        assertArrayEquals(arrivals(base), arrivals(fixedInput));
    }

    @Test
    void aShorterPlanIsAPrefixOfALongerOne() {
        WorkloadPlan longer = WorkloadPlan.open(400, POISSON, IN, OUT, 3);
        WorkloadPlan shorter = WorkloadPlan.open(100, POISSON, IN, OUT, 3);
        assertEquals(longer.requests().subList(0, 100), shorter.requests());
    }

    @Test
    void closedLoopPlansHaveLengthsOnlyTheSameAsOpenLoop() {
        WorkloadPlan open = WorkloadPlan.open(200, POISSON, IN, OUT, 11);
        WorkloadPlan closed = WorkloadPlan.closed(200, IN, OUT, 11);
        assertFalse(closed.hasArrivals());
        assertTrue(closed.requests().stream().allMatch(r -> r.arrivalNanos() == PlannedRequest.NO_ARRIVAL && !r.hasArrival()));
        assertArrayEquals(inputs(open), inputs(closed));
        assertArrayEquals(outputs(open), outputs(closed));
        assertEquals(closed, open.withoutArrivals());
        assertEquals(0, closed.lastArrivalNanos());
    }

    @Test
    void constantArrivalsAndFixedLengths() {
        WorkloadPlan p = WorkloadPlan.open(3, new ArrivalProcess.Constant(2), new LengthDistribution.Fixed(5),
                new LengthDistribution.Fixed(9), 0);
        assertEquals(List.of(new PlannedRequest(0, 5, 9), new PlannedRequest(500_000_000, 5, 9),
                new PlannedRequest(1_000_000_000, 5, 9)), p.requests());
        assertEquals(1_000_000_000, p.lastArrivalNanos());
        assertEquals(5, p.maxInputLen());
        assertEquals(9, p.maxOutputLen());
        assertEquals(14, p.maxTotalLen());
    }

    @Test
    void lengthsFollowTheirDistributions() {
        WorkloadPlan p = WorkloadPlan.open(20_000, POISSON, IN, OUT, 5);
        assertTrue(p.requests().stream().allMatch(r -> r.inputLen() >= 16 && r.inputLen() <= 512));
        assertTrue(p.maxOutputLen() <= OUT.max());
        double meanIn = p.requests().stream().mapToInt(PlannedRequest::inputLen).average().orElseThrow();
        assertEquals(264, meanIn, 264 * 0.02);
        long[] a = arrivals(p);
        for (int i = 1; i < a.length; i++) {
            assertTrue(a[i] >= a[i - 1]);
        }
    }

    @Test
    void tracePlansKeepArrivalsAndLengths() throws IOException {
        Trace trace = TraceReader.read(new BufferedReader(new StringReader("""
                {"timestamp": 100, "input_length": 10, "output_length": 5, "hash_ids": [1]}
                {"timestamp": 104, "input_length": 20, "output_length": 6}
                """)), "t.jsonl", new TraceOptions(0.5, 0, false));
        WorkloadPlan p = WorkloadPlan.fromTrace(trace);
        assertEquals(List.of(new PlannedRequest(0, 10, 5), new PlannedRequest(2_000_000, 20, 6)), p.requests());
        assertEquals(List.of(new PlannedRequest(-1, 10, 5), new PlannedRequest(-1, 20, 6)), p.withoutArrivals().requests());
    }

    @Test
    void promptsMatchTheLengthsAndAreDeterministic() {
        WorkloadPlan p = WorkloadPlan.closed(50, IN, OUT, 1);
        int[][] prompts = p.prompts(1000, 9);
        for (int i = 0; i < prompts.length; i++) {
            assertEquals(p.requests().get(i).inputLen(), prompts[i].length);
            for (int t : prompts[i]) {
                assertTrue(t >= 0 && t < 1000);
            }
        }
        assertArrayEquals(prompts, p.prompts(1000, 9));
        assertNotEquals(prompts[0][0] + "," + prompts[0][1] + "," + prompts[0][2],
                p.prompts(1000, 10)[0][0] + "," + p.prompts(1000, 10)[0][1] + "," + p.prompts(1000, 10)[0][2]);
    }

    @Test
    void invalidPlansAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> WorkloadPlan.closed(-1, IN, OUT, 1));
        assertThrows(IllegalArgumentException.class, () -> WorkloadPlan.open(-1, POISSON, IN, OUT, 1));
        assertThrows(IllegalArgumentException.class, () -> new PlannedRequest(-2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PlannedRequest(0, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new WorkloadPlan(List.of(new PlannedRequest(5, 1, 1), new PlannedRequest(4, 1, 1))));
        assertThrows(IllegalArgumentException.class,
                () -> new WorkloadPlan(List.of(new PlannedRequest(5, 1, 1), new PlannedRequest(-1, 1, 1))));
        assertEquals(0, new WorkloadPlan(List.of()).maxInputLen());
        assertFalse(new WorkloadPlan(List.of()).hasArrivals());
    }
}
