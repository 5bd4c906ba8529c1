package io.jharness.harness.config;

import io.jharness.harness.workload.LengthDistribution;
import io.jharness.harness.workload.TraceOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything an online-load run needs, validated. Exactly one way to load the engine: a list of
 * arrival rates, a list of concurrencies (closed loop), a max-rate search, or a trace's own
 * arrival times.
 *
 * @param engine           the engine
 * @param scheduler        scheduler name
 * @param schedulerOptions its options
 * @param slots            KV slots per session
 * @param rates            open-loop arrival rates (requests/s); empty unless given
 * @param concurrencies    closed-loop concurrencies; empty unless given
 * @param findMaxRate      search the highest rate meeting {@code slo} at p99
 * @param arrival          poisson, gamma or constant
 * @param burstiness       gamma shape (1 = Poisson; lower = burstier)
 * @param numRequests      measured requests per point (a trace gives its own)
 * @param warmupRequests   requests served first and left out of the figures
 * @param inputLen         prompt lengths (ignored with a trace)
 * @param outputLen        output lengths (ignored with a trace)
 * @param trace            a JSONL trace to replay, or null
 * @param traceOptions     how to read it
 * @param slo              service-level objective, or null
 * @param steadyState      [from, to] fractions of the arrival span counted as steady state, or null
 * @param tokenTimes       keep every token's time in requests.jsonl
 * @param seed             seed for arrivals, lengths and prompts
 * @param repeats          times each point is measured, each on a fresh engine session
 */
public record ServeConfig(
        EngineSelection engine,
        String scheduler,
        Map<String, String> schedulerOptions,
        int slots,
        List<Double> rates,
        List<Integer> concurrencies,
        boolean findMaxRate,
        String arrival,
        double burstiness,
        int numRequests,
        int warmupRequests,
        LengthDistribution inputLen,
        LengthDistribution outputLen,
        Path trace,
        TraceOptions traceOptions,
        SloSpec slo,
        double[] steadyState,
        boolean tokenTimes,
        long seed,
        int repeats) {

    /** A sweep measuring each point once. */
    public ServeConfig(EngineSelection engine, String scheduler, Map<String, String> schedulerOptions, int slots,
            List<Double> rates, List<Integer> concurrencies, boolean findMaxRate, String arrival, double burstiness,
            int numRequests, int warmupRequests, LengthDistribution inputLen, LengthDistribution outputLen, Path trace,
            TraceOptions traceOptions, SloSpec slo, double[] steadyState, boolean tokenTimes, long seed) {
        this(engine, scheduler, schedulerOptions, slots, rates, concurrencies, findMaxRate, arrival, burstiness,
                numRequests, warmupRequests, inputLen, outputLen, trace, traceOptions, slo, steadyState, tokenTimes,
                seed, 1);
    }

    public ServeConfig {
        schedulerOptions = Map.copyOf(schedulerOptions);
        rates = List.copyOf(rates);
        concurrencies = List.copyOf(concurrencies);
        int modes = (rates.isEmpty() ? 0 : 1) + (concurrencies.isEmpty() ? 0 : 1) + (findMaxRate ? 1 : 0);
        if (modes > 1) {
            throw new UsageException("give one of --rate, --concurrency and --find-max-rate, not several");
        }
        if (modes == 0 && trace == null) {
            throw new UsageException("say how to load the engine: --rate R1,R2,..., --concurrency C1,C2,..., "
                    + "--find-max-rate --slo ..., or --trace FILE");
        }
        if (trace != null && (!rates.isEmpty() || findMaxRate)) {
            throw new UsageException("--trace replays the trace's own arrival times; drop --rate and --find-max-rate "
                    + "(use --trace-time-scale to speed it up or slow it down)");
        }
        if (findMaxRate && slo == null) {
            throw new UsageException("--find-max-rate needs --slo, e.g. --slo ttft=200ms,tpot=50ms");
        }
        for (double r : rates) {
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new UsageException("--rate " + r + " is not allowed; rates are requests per second above zero");
            }
        }
        for (int c : concurrencies) {
            Checks.atLeastOne("--concurrency", c);
        }
        Checks.atLeastOne("--slots", slots);
        Checks.atLeastOne("--num-requests", numRequests);
        Checks.atLeastOne("--repeats", repeats);
        if (warmupRequests < 0) {
            throw new UsageException("--warmup-requests " + warmupRequests + " is not allowed; it must be >= 0");
        }
        if (steadyState != null && !(steadyState.length == 2 && steadyState[0] >= 0 && steadyState[0] < steadyState[1]
                && steadyState[1] <= 1)) {
            throw new UsageException("--steady-state must be two fractions FROM,TO with 0 <= FROM < TO <= 1, e.g. 0.1,0.9");
        }
        if (trace == null) {
            try {
                io.jharness.harness.workload.ArrivalProcess.of(arrival, 1.0, burstiness);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--arrival/--burstiness: " + e.getMessage());
            }
        }
        Checks.promptsFit("--num-requests " + numRequests, (long) numRequests + warmupRequests, inputLen.max());
    }

    /** The options as run metadata records them. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(engine.describe());
        m.put("scheduler", scheduler);
        m.put("scheduler_options", new TreeMap<>(schedulerOptions));
        m.put("slots", slots);
        m.put("rates", rates);
        m.put("concurrencies", concurrencies);
        m.put("find_max_rate", findMaxRate);
        m.put("arrival", arrival);
        m.put("burstiness", burstiness);
        m.put("num_requests", numRequests);
        m.put("warmup_requests", warmupRequests);
        m.put("input_len", inputLen.spec());
        m.put("output_len", outputLen.spec());
        m.put("trace", trace == null ? null : trace.toString());
        m.put("trace_time_scale", traceOptions.timeScale());
        m.put("trace_limit", traceOptions.limit());
        m.put("slo", slo == null ? null : slo.toString());
        m.put("steady_state", steadyState == null ? null : List.of(steadyState[0], steadyState[1]));
        m.put("token_times", tokenTimes);
        m.put("seed", seed);
        Checks.putRepeats(m, repeats);
        return m;
    }
}
