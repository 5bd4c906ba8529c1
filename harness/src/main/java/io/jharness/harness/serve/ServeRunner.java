package io.jharness.harness.serve;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineException;
import io.jharness.engine.EngineSession;
import io.jharness.engine.timing.StepTimer;
import io.jharness.harness.config.ServeConfig;
import io.jharness.harness.config.UsageException;
import io.jharness.harness.progress.ProgressListener;
import io.jharness.harness.results.ServeMetrics;
import io.jharness.harness.results.ServePoint;
import io.jharness.harness.results.ServeSweep;
import io.jharness.harness.runner.PointSweep;
import io.jharness.harness.runner.Preflight;
import io.jharness.harness.runner.StepGuard;
import io.jharness.harness.runner.SweepControl;
import io.jharness.harness.runner.Repeats;
import io.jharness.harness.scheduler.Scheduler;
import io.jharness.harness.scheduler.Schedulers;
import io.jharness.harness.scheduler.ServeRequest;
import io.jharness.harness.workload.ArrivalProcess;
import io.jharness.harness.workload.PlannedRequest;
import io.jharness.harness.workload.Trace;
import io.jharness.harness.workload.WorkloadPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs an online-load sweep: each point on a fresh engine session, through {@link ServeLoop}.
 * A point that fails or runs past its deadline is recorded with its error and the sweep goes on
 * (see {@link PointSweep}). With
 * {@code --find-max-rate} it doubles the rate until the SLO is missed at p99, then bisects.
 */
public final class ServeRunner {

    /** Hears each point as soon as it is done, with its requests (to write them out). */
    @FunctionalInterface
    public interface PointListener {
        void pointDone(ServePoint point, List<ServeRequest> requests);
    }

    static final int MAX_PROBES = 14;
    static final double SEARCH_TOLERANCE = 0.05;

    private final ServeConfig config;
    private final Engine engine;
    private final Trace trace;
    private final ProgressListener progress;
    private final PointListener listener;

    /**
     * @param trace the trace read from {@code config.trace()}, or null
     */
    public ServeRunner(ServeConfig config, Engine engine, Trace trace, ProgressListener progress, PointListener listener) {
        this.config = config;
        this.engine = engine;
        this.trace = trace;
        this.progress = progress;
        this.listener = listener;
    }

    /** Checks the workload and scheduler against the engine before anything runs. */
    public void preflight() {
        WorkloadPlan plan = plan(1.0, 0);
        Preflight.check(engine.info(), "--slots", config.slots(), plan.maxInputLen(), plan.maxOutputLen());
        try {
            Schedulers.create(config.scheduler(), config.schedulerOptions());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Runs the sweep on its own engine thread, with no deadline and nothing to resume. */
    public ServeSweep run() {
        try (SweepControl control = SweepControl.none()) {
            return run(control, null, s -> {});
        }
    }

    /**
     * Runs the sweep under {@code control}: a point that fails or times out is recorded and the
     * sweep goes on; once the run is stopped or the engine is stuck, the points left are recorded
     * as skipped (a max-rate search just ends, without a result).
     *
     * @param earlier    an earlier run of this sweep ({@code --resume}): its ok points are kept (a
     *                   search probing the same rate again takes it), not run again; or null
     * @param checkpoint hears the sweep so far after every point
     */
    public ServeSweep run(SweepControl control, ServeSweep earlier, Consumer<ServeSweep> checkpoint) {
        preflight();
        Map<String, ServePoint> reusable = new LinkedHashMap<>();
        if (earlier != null) {
            earlier.points().stream().filter(ServePoint::ok).forEach(p -> reusable.put(p.label(), p));
        }
        PointSweep<ServePoint> sweep = new PointSweep<>(control, reusable,
                points -> checkpoint.accept(new ServeSweep(points, null)));
        if (config.findMaxRate()) {
            return search(sweep);
        }
        if (!config.concurrencies().isEmpty()) {
            progress.begin("serve", (long) config.concurrencies().size() * total());
            for (int c : config.concurrencies()) {
                point(sweep, "concurrency=" + c, null, c);
            }
        } else if (!config.rates().isEmpty()) {
            progress.begin("serve", (long) config.rates().size() * total());
            for (double r : config.rates()) {
                point(sweep, "rate=" + format(r), r, 0);
            }
        } else {
            progress.begin("serve", total());
            point(sweep, "trace", null, 0);
        }
        return new ServeSweep(sweep.points(), null);
    }

    private ServeSweep search(PointSweep<ServePoint> sweep) {
        double start = config.rates().isEmpty() ? 1.0 : config.rates().get(0);
        Double pass = null;
        Double fail = null;
        double rate = start;
        int probes = 0;
        progress.begin("find-max-rate", (long) MAX_PROBES * total());
        while (probes < MAX_PROBES) {
            ServePoint p = point(sweep, "rate=" + format(rate), rate, 0);
            if (sweep.over()) {
                // Stopped mid-search: the bounds found so far are not an answer.
                return new ServeSweep(sweep.points(), null);
            }
            probes++;
            if (Boolean.TRUE.equals(p.meetsSlo())) {
                pass = rate;
            } else {
                fail = rate;
            }
            if (pass != null && fail != null && (fail - pass) / fail <= SEARCH_TOLERANCE) {
                break;
            }
            if (fail == null) {
                rate = rate * 2;
            } else if (pass == null) {
                rate = rate / 2;
                if (rate < 1e-3) {
                    break;
                }
            } else {
                rate = (pass + fail) / 2;
            }
        }
        return new ServeSweep(sweep.points(), new ServeSweep.MaxRate(config.slo().toString(), pass, fail, probes));
    }

    /** Requests served per point, for progress: every repeat serves them all. */
    private long total() {
        return ((long) config.warmupRequests() + (trace != null ? trace.requests().size() : config.numRequests()))
                * config.repeats();
    }

    /** The point's requests: lengths and prompts are the same at every point, only arrivals scale. */
    WorkloadPlan plan(double rate, int concurrency) {
        int count = config.warmupRequests() + config.numRequests();
        if (trace != null) {
            WorkloadPlan plan = WorkloadPlan.fromTrace(trace);
            return concurrency > 0 ? plan.withoutArrivals() : plan;
        }
        if (concurrency > 0) {
            return WorkloadPlan.closed(count, config.inputLen(), config.outputLen(), config.seed());
        }
        ArrivalProcess arrivals = ArrivalProcess.of(config.arrival(), rate, config.burstiness());
        return WorkloadPlan.open(count, arrivals, config.inputLen(), config.outputLen(), config.seed());
    }

    private ServePoint point(PointSweep<ServePoint> sweep, String label, Double rate, int concurrency) {
        progress.phase(label);
        String schedulerLabel = config.scheduler() + (config.schedulerOptions().isEmpty() ? ""
                : " " + new TreeMap<>(config.schedulerOptions()));
        Integer conc = concurrency > 0 ? concurrency : null;
        AtomicBoolean measured = new AtomicBoolean();
        ServePoint p = sweep.point(label, guard -> {
            ServePoint m = measure(label, rate, concurrency, schedulerLabel, guard);
            measured.set(true);
            return m;
        }, (status, error) -> ServePoint.unmeasured(label, rate, conc, schedulerLabel, status, error));
        if (!measured.get()) {
            progress.advance(total()); // kept from an earlier run, skipped or stopped: the bar moves on
        }
        return p;
    }

    /** One point: measured {@code --repeats} times, each on a fresh session (see {@link Repeats}). */
    private ServePoint measure(String label, Double rate, int concurrency, String schedulerLabel, StepGuard guard) {
        if (config.repeats() == 1) {
            Measured once = measureOnce(label, rate, concurrency, schedulerLabel, guard);
            listener.pointDone(once.point(), once.requests());
            return once.point();
        }
        // Each repeat on a fresh session; the first failure ends the point (see Repeats).
        List<Measured> repeats = new ArrayList<>();
        for (int i = 0; i < config.repeats(); i++) {
            progress.phase(label + " (repeat " + (i + 1) + " of " + config.repeats() + ")");
            Measured m = measureOnce(label, rate, concurrency, schedulerLabel, guard);
            if (!m.point().ok()) {
                ServePoint failed = ServePoint.failed(label, rate, m.point().concurrency(), schedulerLabel,
                        "repeat " + (i + 1) + " of " + config.repeats() + ": " + m.point().error());
                listener.pointDone(failed, m.requests());
                return failed;
            }
            repeats.add(m);
        }
        Measured median = Repeats.median(repeats, m -> m.point().metrics().outputTokensPerSec());
        ServePoint.Repeats spread = new ServePoint.Repeats(
                Repeats.stats(repeats, m -> m.point().metrics().outputTokensPerSec()),
                Repeats.stats(repeats, m -> m.point().metrics().requestsPerSec()),
                Repeats.stats(repeats, m -> m.point().metrics().ttftMs().p50Ms()),
                Repeats.stats(repeats, m -> m.point().metrics().ttftMs().p99Ms()),
                Repeats.stats(repeats, m -> m.point().metrics().itlMs() == null ? 0 : m.point().metrics().itlMs().p50Ms()),
                Repeats.stats(repeats, m -> m.point().metrics().itlMs() == null ? 0 : m.point().metrics().itlMs().p99Ms()));
        ServePoint p = median.point();
        ServeMetrics a = p.metrics();
        ServeMetrics headline = new ServeMetrics(a.requests(), a.failed(), a.durationSec(), spread.requestsPerSec().median(),
                spread.outputTokensPerSec().median(),
                Repeats.stats(repeats, m -> m.point().metrics().totalTokensPerSec()).median(),
                a.inputTokens(), a.outputTokens(), a.ttftMs(), a.tpotMs(), a.itlMs(), a.e2eMs(), a.ttftBreakdown(),
                a.goodput());
        ServePoint point = new ServePoint(p.label(), p.offeredRate(), p.concurrency(), p.status(), p.error(), p.scheduler(),
                p.steps(), headline, p.steadyState(), p.meetsSlo(), p.prefill(), p.decode(), spread);
        listener.pointDone(point, median.requests());
        return point;
    }

    /** One measurement of a point and its requests. */
    private record Measured(ServePoint point, List<ServeRequest> requests) {}

    private Measured measureOnce(String label, Double rate, int concurrency, String schedulerLabel, StepGuard guard) {
        WorkloadPlan plan = plan(rate == null ? 1.0 : rate, concurrency);
        int[][] prompts = plan.prompts(engine.info().vocabSize(), config.seed());
        List<ServeRequest> requests = new ArrayList<>(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            PlannedRequest p = plan.requests().get(i);
            boolean warmup = trace == null ? i < config.warmupRequests() : i < Math.min(config.warmupRequests(), plan.size() - 1);
            requests.add(new ServeRequest(i, concurrency > 0 ? -1 : p.arrivalNanos(), prompts[i], p.outputLen(), warmup));
        }
        Integer conc = concurrency > 0 ? concurrency : null;
        Scheduler scheduler = Schedulers.create(config.scheduler(), config.schedulerOptions());
        long steps;
        ServeLoop loop;
        try (EngineSession session = engine.open(config.slots(), plan.maxTotalLen());
                StepTimer timer = engine.newStepTimer()) {
            if (session.rowsAreSlots() && !config.scheduler().equals("static")) {
                throw new UsageException("the '" + engine.info().engine() + "' engine runs static batches only (its "
                        + "step rows are its KV slots): use --scheduler static");
            }
            loop = new ServeLoop(session, timer, engine.clock(), scheduler, engine.info().vocabSize(), guard);
            steps = loop.run(requests, concurrency);
        } catch (EngineException | IllegalStateException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e; // ended by the watchdog's interrupt: a timeout or a stop, not an engine failure
            }
            ServePoint failed = ServePoint.failed(label, rate, conc, schedulerLabel, e.getMessage());
            progress.advance(requests.size());
            return new Measured(failed, requests);
        }
        ServeMetrics all = ServeMetricsCalculator.compute(requests, r -> true, config.slo());
        ServeMetrics steady = config.steadyState() == null ? null
                : ServeMetricsCalculator.compute(requests, window(requests), config.slo());
        Boolean meets = config.slo() == null ? null : ServeMetricsCalculator.meetsAtP99(all, config.slo());
        ServePoint point = new ServePoint(label, rate, conc, "ok", null, schedulerLabel, steps, all, steady, meets,
                loop.prefillStats().summary(), loop.decodeStats().summary());
        progress.advance(requests.size());
        return new Measured(point, requests);
    }

    /** Requests whose arrival falls in the steady-state fraction of the measured arrival span. */
    private Predicate<ServeRequest> window(List<ServeRequest> requests) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ServeRequest r : requests) {
            if (!r.warmup()) {
                first = Math.min(first, r.arrivalNanos());
                last = Math.max(last, r.arrivalNanos());
            }
        }
        double span = last - first;
        long from = first + Math.round(config.steadyState()[0] * span);
        long to = first + Math.round(config.steadyState()[1] * span);
        return r -> r.arrivalNanos() >= from && r.arrivalNanos() <= to;
    }

    static String format(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : String.format(java.util.Locale.ROOT, "%.3g", rate);
    }
}
