package io.jharness.harness.bench;

import io.jharness.engine.cuda.CudaDriver;
import io.jharness.engine.cuda.CudaEventStepTimer;
import io.jharness.harness.metrics.StepStats;
import io.jharness.harness.runner.ThroughputStepLoop;
import io.jharness.harness.workload.LengthDistribution;
import io.jharness.harness.workload.SyntheticPrompts;
import java.util.concurrent.TimeUnit;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The CUDA-event step timer's host cost ({@code cuda/CudaEventStepTimer} on the legacy default
 * stream of device 0): around back-to-back empty steps (one event record each, and the synchronize
 * and elapsed-time query that read a step's span), and around every step of the throughput sweep's
 * step path with a {@link NoopEngine}, which is {@link StepOverheadBenchmark} with the GPU timer.
 * One operation is one step. For scale, the two JCuda driver calls the timer is made of, alone:
 * an event record, and the read of a finished pair of events.
 *
 * <p>Needs a CUDA device: {@code scripts/bench-overhead.sh} runs it only where {@link CudaProbe}
 * finds one, and says why it skipped it otherwise. Run on a machine without one, its set-up fails
 * with the reason.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CudaTimerBenchmark {

    static final int TOKENS = 128;
    static final int PROMPT_LEN = 32;
    static final int VOCAB = 50_257;

    /** A CUDA-event timer on device 0's legacy default stream, reading device times late as runs do. */
    @State(Scope.Thread)
    public static class Timer {

        CudaEventStepTimer timer;
        /** Where each step's times go, as a run records them. */
        final StepStats stats = new StepStats();

        /** Whether device times are read a few steps late ({@code StepTimer.deferGpuTimes()}). */
        boolean deferred() {
            return true;
        }

        @Setup(Level.Trial)
        public void setUp() {
            String why = CudaDriver.unavailableReason();
            if (why != null) {
                throw new IllegalStateException("no CUDA device, so no CUDA-event timer to measure: " + why);
            }
            timer = new CudaEventStepTimer(0, null);
            if (deferred()) {
                timer.deferGpuTimes(); // as the throughput and latency runners use it
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (timer != null) {
                timer.close();
            }
        }
    }

    /** The same timer reading each step's events at once (serve's use): it waits for the device. */
    @State(Scope.Thread)
    public static class SyncTimer extends Timer {

        @Override
        boolean deferred() {
            return false;
        }
    }

    /** Raw JCuda events on the legacy default stream: a ring to record into, and a finished pair. */
    @State(Scope.Thread)
    public static class Events {

        static final int RING = 8;
        final CUevent[] ring = new CUevent[RING];
        final CUevent start = new CUevent();
        final CUevent stop = new CUevent();
        final CUstream legacyDefault = new CUstream();
        final float[] ms = new float[1];
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            CudaProbe.usePrimaryContextOrFail("CUDA events");
            for (int i = 0; i < RING; i++) {
                ring[i] = new CUevent();
                JCudaDriver.cuEventCreate(ring[i], CUevent_flags.CU_EVENT_DEFAULT);
            }
            JCudaDriver.cuEventCreate(start, CUevent_flags.CU_EVENT_DEFAULT);
            JCudaDriver.cuEventCreate(stop, CUevent_flags.CU_EVENT_DEFAULT);
            JCudaDriver.cuEventRecord(start, legacyDefault);
            JCudaDriver.cuEventRecord(stop, legacyDefault);
            JCudaDriver.cuEventSynchronize(stop);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            JCudaDriver.cuCtxSynchronize();
            for (CUevent e : ring) {
                JCudaDriver.cuEventDestroy(e);
            }
            JCudaDriver.cuEventDestroy(start);
            JCudaDriver.cuEventDestroy(stop);
            CudaDriver.releasePrimaryContext(0);
        }
    }

    /** The throughput sweep's step path on a {@link NoopEngine}, timed by the CUDA-event timer. */
    @State(Scope.Thread)
    public static class Loop {

        @Param({"1", "64"})
        int batch;

        ThroughputStepLoop loop;
        int[][] prompts;

        @Setup(Level.Trial)
        public void setUp(Timer timer) {
            loop = new ThroughputStepLoop(new NoopEngine(batch, PROMPT_LEN + TOKENS, VOCAB), timer.timer, VOCAB);
            prompts = SyntheticPrompts.generate(batch, new LengthDistribution.Fixed(PROMPT_LEN), VOCAB, 42);
        }
    }

    @Benchmark
    public long cudaEventTimer(Timer t) {
        return emptyStep(t);
    }

    @Benchmark
    public long cudaEventTimerSync(SyncTimer t) {
        return emptyStep(t);
    }

    private static long emptyStep(Timer t) {
        t.timer.begin();
        t.timer.end();
        t.stats.record(t.timer);
        return t.timer.gpuNanos();
    }

    @Benchmark
    public int eventRecord(Events e) {
        int i = e.next;
        e.next = (i + 1) % Events.RING;
        return JCudaDriver.cuEventRecord(e.ring[i], e.legacyDefault);
    }

    @Benchmark
    public float eventReadCompleted(Events e) {
        JCudaDriver.cuEventSynchronize(e.stop);
        JCudaDriver.cuEventElapsedTime(e.ms, e.start, e.stop);
        return e.ms[0];
    }

    @Benchmark
    @OperationsPerInvocation(TOKENS)
    public long staticBatchStepCudaTimer(Loop l) {
        return l.loop.run(l.prompts, l.batch, TOKENS);
    }
}
