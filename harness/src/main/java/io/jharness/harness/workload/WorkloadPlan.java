package io.jharness.harness.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The requests of one serve run, in the order they are sent.
 *
 * <ul>
 *   <li>{@link #open}: synthetic, open loop: arrival times from an {@link ArrivalProcess}, lengths from
 *       two {@link LengthDistribution}s.
 *   <li>{@link #closed}: synthetic, closed loop ({@code --concurrency N}): lengths only; every
 *       {@link PlannedRequest#arrivalNanos()} is {@link PlannedRequest#NO_ARRIVAL}, and the serve loop
 *       sends request {@code i} when a slot frees up.
 *   <li>{@link #fromTrace}: a replayed trace's arrivals and lengths; {@link #withoutArrivals()} turns it
 *       (or any plan) into a closed-loop one with the same lengths.
 * </ul>
 *
 * <p>Synthetic plans are deterministic for a seed. The seed is split into three independent streams,
 * one each for arrival times, input lengths and output lengths, so changing one distribution (or the
 * arrival process, or open versus closed loop) leaves the other two sequences as they were; and a plan
 * of {@code n} requests is the first {@code n} requests of a longer plan with the same seed.
 *
 * @param requests in sending order; for open-loop plans arrivals are non-decreasing
 */
public record WorkloadPlan(List<PlannedRequest> requests) {

    public WorkloadPlan {
        requests = List.copyOf(requests);
        boolean open = !requests.isEmpty() && requests.getFirst().hasArrival();
        long previous = 0;
        for (PlannedRequest r : requests) {
            if (r.hasArrival() != open) {
                throw new IllegalArgumentException("a plan's requests must all have arrival times or none must");
            }
            if (open && r.arrivalNanos() < previous) {
                throw new IllegalArgumentException("arrival times must not decrease: " + r.arrivalNanos()
                        + " ns after " + previous + " ns");
            }
            previous = Math.max(previous, r.arrivalNanos());
        }
    }

    /** An open-loop synthetic plan: {@code count} requests arriving by {@code arrivals}. */
    public static WorkloadPlan open(int count, ArrivalProcess arrivals, LengthDistribution input,
            LengthDistribution output, long seed) {
        Streams s = new Streams(seed);
        long[] times = arrivals.arrivals(count, s.arrivalSeed);
        return new WorkloadPlan(build(count, times, input, output, s));
    }

    /** A closed-loop synthetic plan: {@code count} requests without arrival times. */
    public static WorkloadPlan closed(int count, LengthDistribution input, LengthDistribution output, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("request count " + count + " is not allowed; it must be >= 0");
        }
        return new WorkloadPlan(build(count, null, input, output, new Streams(seed)));
    }

    /** A trace's requests, with their arrival times. */
    public static WorkloadPlan fromTrace(Trace trace) {
        List<PlannedRequest> out = new ArrayList<>(trace.requests().size());
        for (TraceRequest r : trace.requests()) {
            out.add(new PlannedRequest(r.arrivalNanos(), r.inputLen(), r.outputLen()));
        }
        return new WorkloadPlan(out);
    }

    /** The same requests, lengths kept, for a closed-loop run. */
    public WorkloadPlan withoutArrivals() {
        List<PlannedRequest> out = new ArrayList<>(requests.size());
        for (PlannedRequest r : requests) {
            out.add(new PlannedRequest(PlannedRequest.NO_ARRIVAL, r.inputLen(), r.outputLen()));
        }
        return new WorkloadPlan(out);
    }

    public int size() {
        return requests.size();
    }

    /** Whether requests have arrival times (open loop); false for closed-loop and empty plans. */
    public boolean hasArrivals() {
        return !requests.isEmpty() && requests.getFirst().hasArrival();
    }

    /** The last arrival in nanoseconds, or 0 for a closed-loop or empty plan. */
    public long lastArrivalNanos() {
        return hasArrivals() ? requests.getLast().arrivalNanos() : 0;
    }

    /** The longest prompt, 0 for an empty plan; for sizing KV caches. */
    public int maxInputLen() {
        return requests.stream().mapToInt(PlannedRequest::inputLen).max().orElse(0);
    }

    /** The longest generation, 0 for an empty plan. */
    public int maxOutputLen() {
        return requests.stream().mapToInt(PlannedRequest::outputLen).max().orElse(0);
    }

    /** The longest prompt plus generation of any one request, 0 for an empty plan. */
    public int maxTotalLen() {
        return requests.stream().mapToInt(r -> r.inputLen() + r.outputLen()).max().orElse(0);
    }

    /**
     * Random prompts for the plan's requests: prompt {@code i} has {@code inputLen} token ids drawn from
     * {@code [0, vocabSize)}. Deterministic for a seed; independent of the arrival times.
     */
    public int[][] prompts(int vocabSize, long seed) {
        if (vocabSize < 1) {
            throw new IllegalArgumentException("vocabulary size " + vocabSize + " is not allowed; it must be >= 1");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[][] out = new int[requests.size()][];
        for (int i = 0; i < out.length; i++) {
            int[] p = new int[requests.get(i).inputLen()];
            for (int j = 0; j < p.length; j++) {
                p[j] = random.nextInt(vocabSize);
            }
            out[i] = p;
        }
        return out;
    }

    private static List<PlannedRequest> build(int count, long[] times, LengthDistribution input,
            LengthDistribution output, Streams s) {
        SplittableRandom inputRandom = new SplittableRandom(s.inputSeed);
        SplittableRandom outputRandom = new SplittableRandom(s.outputSeed);
        List<PlannedRequest> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new PlannedRequest(times == null ? PlannedRequest.NO_ARRIVAL : times[i],
                    input.sample(inputRandom), output.sample(outputRandom)));
        }
        return out;
    }

    /** Three independent seeds drawn from the run's seed, always in the same order. */
    private static final class Streams {
        final long arrivalSeed;
        final long inputSeed;
        final long outputSeed;

        Streams(long seed) {
            SplittableRandom root = new SplittableRandom(seed);
            arrivalSeed = root.nextLong();
            inputSeed = root.nextLong();
            outputSeed = root.nextLong();
        }
    }
}
