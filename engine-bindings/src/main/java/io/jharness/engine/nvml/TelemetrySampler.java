package io.jharness.engine.nvml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples one GPU through NVML on a daemon thread, every {@code interval} (100 ms by default),
 * while a benchmark runs; {@link #stop()} returns what it saw as {@link Telemetry}.
 *
 * <p>Record now, report later: readings go into primitive arrays allocated when the sampler is
 * created, and the running summaries (peak memory, clock range, max power and temperature, the
 * union of throttle reasons) are updated in place, so a reading allocates nothing and the sampler
 * does not disturb the run it measures. {@link GpuSample} records are built once, by {@code stop()}.
 *
 * <p>The store keeps the first {@code capacity} readings (100,000 by default: 2.8 hours at 100 ms,
 * about 5.6 MB). Past that, readings are still taken and still count in the summaries, but are not
 * kept; {@link Telemetry#droppedSamples()} counts them. (Keeping the first readings rather than the
 * last keeps the kept series contiguous from the start of the run, and the summaries stay exact.)
 *
 * <p>Where NVML is unavailable (any machine without the NVIDIA driver) {@link #start(int, Duration)}
 * still returns a sampler: it records nothing, and {@code stop()} gives an empty {@code Telemetry}
 * with the reason, so callers need no branches. Only a JVM that denies native access makes it
 * throw ({@link IllegalCallerException}, saying to run java with
 * {@code --enable-native-access=ALL-UNNAMED}).
 *
 * <p>The sampler takes a reading as it starts, one every interval after that (a reading that runs
 * late moves the schedule rather than causing a burst), and a last one as it stops.
 */
public final class TelemetrySampler implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    public static final int DEFAULT_CAPACITY = 100_000;

    private enum State { NEW, RUNNING, STOPPED }

    private final int deviceIndex;
    private final Duration interval;
    private final long intervalNanos;
    private final SampleSource source;
    private final String unavailableReason;
    private final int capacity;

    // The store, filled by the sampling thread; read by stop() after joining it.
    private final long[] timeNanos;
    private final long[] memUsedBytes;
    private final long[] memTotalBytes;
    private final int[] gpuUtilPercent;
    private final int[] memUtilPercent;
    private final int[] smClockMhz;
    private final int[] memClockMhz;
    private final int[] powerMilliwatts;
    private final int[] temperatureC;
    private final long[] throttleReasons;
    private final RawSample scratch = new RawSample();
    private int count;
    private long dropped;
    private long failedReads;
    private String firstError;

    // Running summaries over every successful reading, kept or dropped.
    private long peakMemUsed = -1;
    private long memTotal = -1;
    private int minSmClock = Integer.MAX_VALUE;
    private int maxSmClock = -1;
    private long maxPowerMilliwatts = -1;
    private int maxTemperature = -1;
    private long throttleUnion;

    private volatile boolean running;
    private State state = State.NEW;
    private Thread thread;
    private Telemetry result;

    /** A sampler over {@code source}; the seam tests use. It owns the source and closes it in stop(). */
    TelemetrySampler(int deviceIndex, SampleSource source, Duration interval, int capacity) {
        this(deviceIndex, Objects.requireNonNull(source), null, interval, capacity);
    }

    private TelemetrySampler(int deviceIndex, SampleSource source, String unavailableReason, Duration interval, int capacity) {
        checkArguments(interval, capacity);
        this.deviceIndex = deviceIndex;
        this.interval = interval;
        this.intervalNanos = interval.toNanos();
        this.source = source;
        this.unavailableReason = unavailableReason;
        int n = source == null ? 0 : capacity;
        this.capacity = n;
        this.timeNanos = new long[n];
        this.memUsedBytes = new long[n];
        this.memTotalBytes = new long[n];
        this.gpuUtilPercent = new int[n];
        this.memUtilPercent = new int[n];
        this.smClockMhz = new int[n];
        this.memClockMhz = new int[n];
        this.powerMilliwatts = new int[n];
        this.temperatureC = new int[n];
        this.throttleReasons = new long[n];
    }

    /** A sampler that records nothing, and says why. */
    static TelemetrySampler unavailable(int deviceIndex, Duration interval, String reason) {
        return new TelemetrySampler(deviceIndex, null, Objects.requireNonNull(reason), interval, 1);
    }

    /** {@link #create(int, Duration, int)} with the default interval and capacity. */
    public static TelemetrySampler create(int device) {
        return create(device, DEFAULT_INTERVAL, DEFAULT_CAPACITY);
    }

    /** {@link #create(int, Duration, int)} with the default capacity. */
    public static TelemetrySampler create(int device, Duration interval) {
        return create(device, interval, DEFAULT_CAPACITY);
    }

    /**
     * A sampler for NVML device {@code device}, not yet started. Opens NVML and the device now, so
     * that {@link #start()} costs nothing; where either fails the sampler records nothing and
     * {@link #unavailableReason()} says why.
     *
     * @throws IllegalCallerException when the JVM denies native access
     * @throws IllegalArgumentException for an interval that is not positive or a capacity below 1
     */
    public static TelemetrySampler create(int device, Duration interval, int capacity) {
        // Checked before NVML is touched, so a bad argument fails the same way on every machine
        checkArguments(interval, capacity);
        Optional<Nvml> opened = Nvml.open();
        if (opened.isEmpty()) {
            return unavailable(device, interval, Nvml.unavailableReason());
        }
        Nvml nvml = opened.get();
        try {
            Nvml.Device d = nvml.device(device);
            return new TelemetrySampler(device, new NvmlSource(nvml, d, d.name(), nvml.driverVersion()), interval, capacity);
        } catch (NvmlException e) {
            nvml.close();
            return unavailable(device, interval, "NVML device " + device + ": " + e.getMessage());
        }
    }

    private static void checkArguments(Duration interval, int capacity) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the sampling interval must be positive, not " + interval);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("the sample capacity must be at least 1, not " + capacity);
        }
    }

    /** Creates and starts a sampler with the default interval (100 ms). */
    public static TelemetrySampler start(int device) {
        return create(device).start();
    }

    /**
     * Creates and starts a sampler; where NVML is unavailable the sampler records nothing, and
     * {@link #stop()} returns an empty {@link Telemetry} with the reason.
     *
     * @throws IllegalCallerException when the JVM denies native access
     */
    public static TelemetrySampler start(int device, Duration interval) {
        return create(device, interval).start();
    }

    /** Whether this sampler records anything. */
    public boolean available() {
        return unavailableReason == null;
    }

    /** Null when this sampler records; otherwise why it does not, in one line. */
    public String unavailableReason() {
        return unavailableReason;
    }

    /**
     * Starts the sampling thread (a daemon, so a forgotten sampler never keeps the JVM alive).
     *
     * @throws IllegalStateException if it was started or stopped before
     */
    public synchronized TelemetrySampler start() {
        if (state != State.NEW) {
            throw new IllegalStateException("the sampler was already " + (state == State.RUNNING ? "started" : "stopped"));
        }
        state = State.RUNNING;
        if (source != null) {
            running = true;
            thread = Thread.ofPlatform().daemon().name("nvml-telemetry-" + deviceIndex).unstarted(this::run);
            thread.start();
        }
        return this;
    }

    /**
     * Stops sampling (after one last reading), releases NVML, and returns what was recorded. Later
     * calls return the same result. A sampler never started stops with whatever was recorded
     * (nothing, outside tests).
     */
    public synchronized Telemetry stop() {
        if (result != null) {
            return result;
        }
        state = State.STOPPED;
        if (thread != null) {
            running = false;
            LockSupport.unpark(thread);
            joinUninterruptibly(thread);
        }
        if (source == null) {
            result = Telemetry.unavailable(deviceIndex, interval, unavailableReason);
        } else {
            try {
                result = report();
            } finally {
                source.close();
            }
        }
        return result;
    }

    /** Same as {@link #stop()}, for try-with-resources. */
    @Override
    public void close() {
        stop();
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            long next = System.nanoTime();
            while (running) {
                recordOne();
                next += intervalNanos;
                long wait;
                if (next - System.nanoTime() < 0) {
                    next = System.nanoTime(); // late: read again now, then keep the interval from here
                } else {
                    while (running && (wait = next - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(this, wait);
                    }
                }
            }
            recordOne();
        } catch (Throwable t) {
            // recordOne catches what a read throws; this is an Error, e.g. out of memory
            if (firstError == null) {
                firstError = "sampling thread died: " + t;
            }
        }
    }

    /** Takes one reading into the store. Runs on the sampling thread (or a test's). Allocates nothing. */
    void recordOne() {
        RawSample s = scratch;
        s.clear();
        long t = System.nanoTime();
        try {
            source.read(s);
        } catch (RuntimeException e) {
            failedReads++;
            if (firstError == null) {
                firstError = e.getMessage() != null ? e.getMessage() : e.toString();
            }
            return;
        }
        if (s.memUsedBytes > peakMemUsed) {
            peakMemUsed = s.memUsedBytes;
        }
        if (s.memTotalBytes >= 0) {
            memTotal = s.memTotalBytes;
        }
        if (s.smClockMhz >= 0) {
            minSmClock = Math.min(minSmClock, s.smClockMhz);
            maxSmClock = Math.max(maxSmClock, s.smClockMhz);
        }
        if (s.powerMilliwatts > maxPowerMilliwatts) {
            maxPowerMilliwatts = s.powerMilliwatts;
        }
        if (s.temperatureC > maxTemperature) {
            maxTemperature = s.temperatureC;
        }
        throttleUnion |= s.throttleReasons;
        if (count == capacity) {
            dropped++;
            return;
        }
        int i = count++;
        timeNanos[i] = t;
        memUsedBytes[i] = s.memUsedBytes;
        memTotalBytes[i] = s.memTotalBytes;
        gpuUtilPercent[i] = s.gpuUtilPercent;
        memUtilPercent[i] = s.memUtilPercent;
        smClockMhz[i] = s.smClockMhz;
        memClockMhz[i] = s.memClockMhz;
        powerMilliwatts[i] = (int) Math.min(s.powerMilliwatts, Integer.MAX_VALUE);
        temperatureC[i] = s.temperatureC;
        throttleReasons[i] = s.throttleReasons;
    }

    private Telemetry report() {
        List<GpuSample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            samples.add(new GpuSample(timeNanos[i], memUsedBytes[i], memTotalBytes[i], gpuUtilPercent[i],
                    memUtilPercent[i], smClockMhz[i], memClockMhz[i], GpuSample.watts(powerMilliwatts[i]),
                    temperatureC[i], throttleReasons[i]));
        }
        return new Telemetry(null, deviceIndex, source.deviceName(), source.driverVersion(), interval, samples,
                dropped, failedReads, firstError, peakMemUsed, memTotal,
                maxSmClock < 0 ? -1 : minSmClock, maxSmClock,
                GpuSample.watts(maxPowerMilliwatts), maxTemperature,
                throttleUnion, ThrottleReason.names(throttleUnion));
    }

    /** The production source: one NVML device. Closing it shuts its NVML reference down. */
    private record NvmlSource(Nvml nvml, Nvml.Device device, String deviceName, String driverVersion)
            implements SampleSource {

        @Override
        public void read(RawSample into) {
            device.read(into);
        }

        @Override
        public void close() {
            nvml.close();
        }
    }
}
