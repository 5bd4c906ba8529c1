package io.jharness.harness.bench;

import io.jharness.engine.timing.HostClockStepTimer;
import io.jharness.engine.timing.NanoClock;
import io.jharness.engine.timing.StepTimer;
import io.jharness.harness.scheduler.ContinuousBatchScheduler;
import io.jharness.harness.scheduler.ServeRequest;
import io.jharness.harness.serve.ServeLoop;
import io.jharness.harness.workload.LengthDistribution;
import io.jharness.harness.workload.SyntheticPrompts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The host time {@code harness serve} adds to every step, with an engine that takes none
 * ({@link NoopEngine}): the serve loop ({@code serve/ServeLoop}: admission, the plan's checks, slot
 * bookkeeping, every token's time on its request, releases), the continuous-batching scheduler's
 * plan, the host-clock timer and the step statistics.
 *
 * <p>A serve loop serves one point, so an invocation is a whole closed-loop point: {@value #WAVES}
 * waves of {@code batch} requests of {@value #OUTPUT_LEN} tokens at concurrency {@code batch} on
 * {@code batch} slots, which is exactly {@value #WAVES} x {@value #OUTPUT_LEN} steps (a prefill of
 * the whole wave, then decodes until it finishes together); the scheduler's max-batch is the
 * batch, as {@code --max-batch} would set it. One operation is one step. The point
 * (loop, scheduler, requests) is built before each invocation, outside the timed region
 * ({@code Level.Invocation} is fine for an invocation this long); JMH's gc profiler still counts
 * what that allocates, so {@link #servePointSetup} builds the same point without running it, and
 * what {@link #serveStep} allocates beyond it is the steps' own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ServeStepBenchmark {

    static final int WAVES = 16;
    static final int OUTPUT_LEN = 64;
    static final int STEPS = WAVES * OUTPUT_LEN;
    static final int PROMPT_LEN = 32;
    static final int VOCAB = 50_257;

    @Param({"1", "64"})
    int batch;

    private NoopEngine session;
    private final StepTimer timer = new HostClockStepTimer(NanoClock.SYSTEM);
    private int[][] prompts;

    @Setup(Level.Trial)
    public void setUp() {
        session = new NoopEngine(batch, PROMPT_LEN + OUTPUT_LEN, VOCAB);
        prompts = SyntheticPrompts.generate(WAVES * batch, new LengthDistribution.Fixed(PROMPT_LEN), VOCAB, 42);
    }

    private List<ServeRequest> requests() {
        List<ServeRequest> requests = new ArrayList<>(prompts.length);
        for (int i = 0; i < prompts.length; i++) {
            requests.add(new ServeRequest(i, -1, prompts[i], OUTPUT_LEN, false));
        }
        return requests;
    }

    private ServeLoop loop() {
        return new ServeLoop(session, timer, NanoClock.SYSTEM,
                new ContinuousBatchScheduler(batch, 0, ContinuousBatchScheduler.Policy.PREFILL_FIRST), VOCAB);
    }

    /** A point built before each invocation of {@link #serveStep}, outside the timed region. */
    @State(Scope.Thread)
    public static class Point {

        ServeLoop loop;
        List<ServeRequest> requests;

        @Setup(Level.Invocation)
        public void build(ServeStepBenchmark bench) {
            loop = bench.loop();
            requests = bench.requests();
        }
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public long serveStep(Point point) {
        long steps = point.loop.run(point.requests, batch);
        if (steps != STEPS) {
            throw new IllegalStateException("the point ran " + steps + " steps, not " + STEPS);
        }
        return steps;
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public Object servePointSetup() {
        // What Point.build makes for serveStep, here inside the measurement, and nothing else.
        return new Object[] {loop(), requests()};
    }
}
