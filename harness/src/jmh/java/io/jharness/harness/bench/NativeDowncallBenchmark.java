package io.jharness.harness.bench;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineSession;
import io.jharness.engine.EngineSpec;
import io.jharness.engine.nativeabi.NativeEngineProvider;
import io.jharness.engine.nativeabi.NativeSessionAccess;
import io.jharness.engine.nativeabi.bindings.jharness_engine_h;
import io.jharness.engine.timing.HostClockStepTimer;
import io.jharness.engine.timing.NanoClock;
import io.jharness.harness.runner.ThroughputStepLoop;
import io.jharness.harness.workload.LengthDistribution;
import io.jharness.harness.workload.SyntheticPrompts;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What calling the native engine through FFM costs, on the bundled C reference engine
 * ({@code native/src/reference}, loaded by the {@code native} engine's provider as
 * {@code harness --engine native} loads it): one downcall into a function that only returns a
 * constant ({@code jh_abi_version()}), one into {@code jh_stream(session)} through the session,
 * and, for scale, one real reference-engine step at batch 1 driven by the throughput sweep's step
 * path (a prefill and {@value #TOKENS}-1 decodes per invocation; one operation is one step).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NativeDowncallBenchmark {

    static final int TOKENS = 128;
    static final int PROMPT_LEN = 32;
    /** The reference engine's defaults (vocab 512, hidden 32, 2 layers), stated so they stay put. */
    static final String CONFIG = "vocab=512;hidden=32;layers=2";

    private Engine engine;
    private EngineSession session;
    private ThroughputStepLoop loop;
    private int[][] prompts;

    @Setup(Level.Trial)
    public void setUp() {
        engine = new NativeEngineProvider().create(new EngineSpec(null, null, null, 42, Map.of("config", CONFIG)));
        session = engine.open(1, PROMPT_LEN + TOKENS);
        int vocab = engine.info().vocabSize();
        loop = new ThroughputStepLoop(session, new HostClockStepTimer(NanoClock.SYSTEM), vocab);
        prompts = SyntheticPrompts.generate(1, new LengthDistribution.Fixed(PROMPT_LEN), vocab, 42);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
        engine.close();
    }

    @Benchmark
    public int abiVersion() {
        return jharness_engine_h.jh_abi_version();
    }

    /**
     * Returns the pointer's address, as a timer would use it: the {@code MemorySegment} that wraps
     * the returned pointer then need not be allocated (escape analysis), as in the harness.
     */
    @Benchmark
    public long stream() {
        return NativeSessionAccess.stream(session).address();
    }

    @Benchmark
    @OperationsPerInvocation(TOKENS)
    public long referenceStepBatch1() {
        return loop.run(prompts, 1, TOKENS);
    }
}
