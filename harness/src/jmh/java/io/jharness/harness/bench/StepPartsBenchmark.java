package io.jharness.harness.bench;

import io.jharness.engine.timing.HostClockStepTimer;
import io.jharness.engine.timing.NanoClock;
import io.jharness.engine.timing.StepTimer;
import io.jharness.harness.metrics.StepStats;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The parts of a step's overhead on their own, to read {@link StepOverheadBenchmark} by: the
 * host-clock timer around nothing (two {@code System.nanoTime} calls), and one step recorded into
 * {@link StepStats} (HdrHistogram). One operation is one step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StepPartsBenchmark {

    private final StepTimer timer = new HostClockStepTimer(NanoClock.SYSTEM);
    private final StepStats stats = new StepStats();
    private long wall = 4_000_000;

    @Benchmark
    public long hostClockTimer() {
        timer.begin();
        timer.end();
        return timer.wallNanos();
    }

    @Benchmark
    public void stepStatsRecord() {
        // Values spread over a few thousand histogram buckets, like real step times.
        wall = wall * 1_103_515_245L + 12_345L & 0x3F_FFFFL;
        stats.record(3_000_000 + wall, -1);
    }
}
