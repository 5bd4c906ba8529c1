package io.jharness.harness.bench;

import io.jharness.engine.cuda.CudaDriver;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;
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

/** Diagnostic: {@link CudaEventRingBenchmark}'s loops calling libcuda through FFM instead of JCuda. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CudaEventFfmBenchmark {

    static final Linker LINKER = Linker.nativeLinker();

    @State(Scope.Thread)
    public static class Ring {

        @Param({"4", "64"})
        int lag;

        Arena arena;
        MethodHandle record;
        MethodHandle sync;
        MethodHandle elapsed;
        MemorySegment[] events;
        MemorySegment ms;
        long step;

        @Setup(Level.Trial)
        public void setUp() throws Throwable {
            CudaProbe.usePrimaryContextOrFail("CUDA events");
            arena = Arena.ofConfined();
            SymbolLookup cuda = SymbolLookup.libraryLookup("libcuda.so.1", arena);
            MethodHandle create = LINKER.downcallHandle(cuda.find("cuEventCreate").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            record = LINKER.downcallHandle(cuda.find("cuEventRecord").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            sync = LINKER.downcallHandle(cuda.find("cuEventSynchronize").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
            elapsed = LINKER.downcallHandle(cuda.find("cuEventElapsedTime").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            events = new MemorySegment[lag + 2];
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            for (int i = 0; i < events.length; i++) {
                int rc = (int) create.invokeExact(out, 0);
                if (rc != 0) {
                    throw new IllegalStateException("cuEventCreate: " + rc);
                }
                events[i] = out.get(ValueLayout.ADDRESS, 0);
            }
            ms = arena.allocate(ValueLayout.JAVA_FLOAT);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            arena.close();
            CudaDriver.releasePrimaryContext(0);
        }

        MemorySegment at(long i) {
            return events[(int) (i % events.length)];
        }
    }

    @Benchmark
    public int recordOnly(Ring r) throws Throwable {
        long i = r.step++;
        return (int) r.record.invokeExact(r.at(i), MemorySegment.NULL);
    }

    @Benchmark
    public int chainedSync(Ring r) throws Throwable {
        long i = r.step++;
        int rc = (int) r.record.invokeExact(r.at(i), MemorySegment.NULL);
        if (i > r.lag) {
            MemorySegment stop = r.at(i - r.lag);
            rc |= (int) r.sync.invokeExact(stop);
            rc |= (int) r.elapsed.invokeExact(r.ms, r.at(i - r.lag - 1), stop);
        }
        return rc;
    }
}
