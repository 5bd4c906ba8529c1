package io.jharness.harness.bench;

import io.jharness.engine.timing.HostClockStepTimer;
import io.jharness.engine.timing.NanoClock;
import io.jharness.harness.runner.ThroughputStepLoop;
import io.jharness.harness.workload.LengthDistribution;
import io.jharness.harness.workload.SyntheticPrompts;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * The host time the throughput sweep adds to every step, with an engine that takes none
 * ({@link NoopEngine}): the static-batch loop ({@code runner/StaticBatch}), the host-clock step
 * timer, the token check and the observer that records wall and device times into
 * {@code metrics/StepStats} (HdrHistogram). One operation is one step: an invocation is one static
 * batch of {@value #TOKENS} tokens per sequence, a prefill and {@value #TOKENS}-1 decodes, with the
 * batch's slots released at its end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StepOverheadBenchmark {

    static final int TOKENS = 128;
    static final int PROMPT_LEN = 32;
    static final int VOCAB = 50_257;

    @Param({"1", "64"})
    int batch;

    private ThroughputStepLoop loop;
    private int[][] prompts;

    @Setup(Level.Trial)
    public void setUp() {
        NoopEngine session = new NoopEngine(batch, PROMPT_LEN + TOKENS, VOCAB);
        loop = new ThroughputStepLoop(session, new HostClockStepTimer(NanoClock.SYSTEM), VOCAB);
        prompts = SyntheticPrompts.generate(batch, new LengthDistribution.Fixed(PROMPT_LEN), VOCAB, 42);
    }

    @Benchmark
    @OperationsPerInvocation(TOKENS)
    public long staticBatchStep() {
        return loop.run(prompts, batch, TOKENS);
    }

    /** Every step went through the recorder: a benchmark that skipped it would measure nothing. */
    @TearDown(Level.Trial)
    public void check() {
        long prefills = loop.prefill().steps();
        if (prefills == 0 || loop.decode().steps() != prefills * (TOKENS - 1)) {
            throw new IllegalStateException("recorded " + prefills + " prefill and " + loop.decode().steps()
                    + " decode steps; expected " + (TOKENS - 1) + " decodes per prefill");
        }
    }
}
