package io.jharness.harness.bench;

import io.jharness.engine.cuda.CudaDriver;
import java.util.concurrent.TimeUnit;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.CudaException;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Raw JCuda event loops, the shapes a step timer can take, without the timer: one event recorded
 * per step and the span of the step {@code lag} steps back read (synchronize and elapsed time, or a
 * query first). Says what the driver and JCuda cost per step on this machine, and whether reading
 * {@code lag} steps late waits for the device.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CudaEventRingBenchmark {

    @State(Scope.Thread)
    public static class Ring {

        @Param({"4", "16", "64"})
        int lag;

        CUevent[] events;
        final CUstream legacyDefault = new CUstream();
        final float[] ms = new float[1];
        long step;
        long reads;
        long unfinished;

        @Setup(Level.Trial)
        public void setUp() {
            CudaProbe.usePrimaryContextOrFail("CUDA events");
            events = new CUevent[lag + 2];
            for (int i = 0; i < events.length; i++) {
                events[i] = new CUevent();
                JCudaDriver.cuEventCreate(events[i], CUevent_flags.CU_EVENT_DEFAULT);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (reads > 0) {
                System.out.printf("lag %d: %d of %d reads found the event unfinished%n", lag, unfinished, reads);
            }
            JCudaDriver.cuCtxSynchronize();
            for (CUevent e : events) {
                JCudaDriver.cuEventDestroy(e);
            }
            CudaDriver.releasePrimaryContext(0);
        }

        CUevent at(long i) {
            return events[(int) (i % events.length)];
        }
    }

    @Benchmark
    public float chainedSync(Ring r) {
        long i = r.step++;
        JCudaDriver.cuEventRecord(r.at(i), r.legacyDefault);
        if (i > r.lag) {
            CUevent stop = r.at(i - r.lag);
            JCudaDriver.cuEventSynchronize(stop);
            JCudaDriver.cuEventElapsedTime(r.ms, r.at(i - r.lag - 1), stop);
        }
        return r.ms[0];
    }

    @Benchmark
    public float chainedElapsedOnly(Ring r) {
        long i = r.step++;
        JCudaDriver.cuEventRecord(r.at(i), r.legacyDefault);
        if (i > r.lag) {
            CUevent stop = r.at(i - r.lag);
            try {
                JCudaDriver.cuEventElapsedTime(r.ms, r.at(i - r.lag - 1), stop);
            } catch (CudaException notReady) {
                r.unfinished++;
                JCudaDriver.cuEventSynchronize(stop);
                JCudaDriver.cuEventElapsedTime(r.ms, r.at(i - r.lag - 1), stop);
            }
        }
        return r.ms[0];
    }

    /** One record per step; every lag steps, the spans of the lag steps before read in one go. */
    @Benchmark
    public float chainedBulkRead(Ring r) {
        long i = r.step++;
        JCudaDriver.cuEventRecord(r.at(i), r.legacyDefault);
        if (i % r.lag == 0 && i > r.lag) {
            JCudaDriver.cuEventSynchronize(r.at(i - 1));
            for (long k = i - r.lag; k < i; k++) {
                JCudaDriver.cuEventElapsedTime(r.ms, r.at(k - 1), r.at(k));
            }
        }
        return r.ms[0];
    }

    @Benchmark
    public float chainedQueryCounted(Ring r) {
        long i = r.step++;
        JCudaDriver.cuEventRecord(r.at(i), r.legacyDefault);
        if (i > r.lag) {
            CUevent stop = r.at(i - r.lag);
            try {
                JCudaDriver.cuEventQuery(stop);
            } catch (CudaException notReady) { // JCuda throws for CUDA_ERROR_NOT_READY
                r.unfinished++;
                JCudaDriver.cuEventSynchronize(stop);
            }
            r.reads++;
            JCudaDriver.cuEventElapsedTime(r.ms, r.at(i - r.lag - 1), stop);
        }
        return r.ms[0];
    }
}
