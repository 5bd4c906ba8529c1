package io.jharness.engine.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

import io.jharness.engine.timing.GpuTimeSink;
import io.jharness.engine.timing.StepTimer;
import java.util.function.Supplier;
import jcuda.CudaException;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUstream;

/**
 * Times steps with CUDA events on the stream the engine's work runs on (by default the legacy
 * default stream, which PyTorch uses unless told otherwise), in the device's primary context.
 *
 * <p>A step's GPU time is the span between two events on the stream: kernels and the gaps between
 * them where the GPU waited for the host to launch more. {@link #end()} runs once the step's tokens
 * are on the host, which already waited for the step's work, and records the step's end event.
 * Its start event is, when the step follows the previous one at once (same stream, begun within
 * {@value #CHAIN_GAP_NANOS} ns of the previous step's end on the host), the previous step's end
 * event; otherwise {@link #begin()} records one. So back-to-back steps cost one event record each
 * (a driver call of about 1.7 µs on an H100) instead of two, and consecutive spans tile the GPU's
 * timeline: a chained step's span, and its wall time, run from the previous step's end to its own,
 * and so include the host's work between the two steps (the harness's bookkeeping and this timer's
 * read of an older step, about 1 µs on an H100 machine, well under the gap limit).
 *
 * <p>Reading a span at once means waiting until the device has processed the end event: a round
 * trip of several microseconds, even on an idle stream. So after {@link #deferGpuTimes()} the
 * timer keeps {@value #RING} steps in flight and reads a step's events only when the ring comes
 * back to it, {@value #RING} steps later, by when the device finished them long ago; the time goes
 * to the sink the caller named ({@link #sendGpuTimeTo(GpuTimeSink)}), with the step's wall time.
 * Without it, {@link #end()} waits and {@link #gpuNanos()} is the step's own.
 */
public final class CudaEventStepTimer implements StepTimer {

    /** Steps in flight when deferring: a step's events are read {@value} steps later. */
    static final int RING = 4;

    /**
     * Events in the ring they are recorded into, in order: enough that none is recorded again
     * while a step in flight still needs it ({@link SpanRing#marksFor(int)}).
     */
    static final int MARKS = SpanRing.marksFor(RING);

    /**
     * The longest host time between a step's end and the next step's begin for the next step to
     * start at the previous step's end event; a longer pause gets a start event of its own.
     */
    static final long CHAIN_GAP_NANOS = 10_000;

    private static final CUstream LEGACY_DEFAULT = new CUstream();

    private final int device;
    private final Supplier<CUstream> streams;
    private CUstream stream;
    private final CUevent[] marks = new CUevent[MARKS];
    /** Which events each ring slot's step records into and spans. */
    private final SpanRing spans = new SpanRing(RING, MARKS, CHAIN_GAP_NANOS);
    /** Per ring slot, while its step is unread: its wall time, and where its GPU time goes. */
    private final long[] pendingWall = new long[RING];
    private final GpuTimeSink[] pendingSink = new GpuTimeSink[RING];
    private final boolean[] pending = new boolean[RING];
    private final float[] elapsedMs = new float[1];
    private boolean defer;
    /** The ring slot of the current (or last) step. */
    private int slot = RING - 1;
    private long hostStart;
    private long hostEnd;
    private long gpuNanos = -1;
    private boolean closed;

    /**
     * @param device the CUDA device the engine runs on
     * @param stream the stream its work runs on; null for the legacy default stream
     */
    public CudaEventStepTimer(int device, CUstream stream) {
        this(device, constant(stream == null ? LEGACY_DEFAULT : stream));
    }

    /**
     * A timer whose stream is looked up at each step's start: for engines whose stream belongs to
     * a session that may open after the timer is made. The supplier must not allocate.
     *
     * @param streams the stream the step about to start runs on
     */
    public static CudaEventStepTimer onStreams(int device, Supplier<CUstream> streams) {
        return new CudaEventStepTimer(device, streams);
    }

    private CudaEventStepTimer(int device, Supplier<CUstream> streams) {
        CudaDriver.usePrimaryContext(device);
        this.device = device;
        this.streams = streams;
        for (int i = 0; i < MARKS; i++) {
            marks[i] = new CUevent();
            cuEventCreate(marks[i], CUevent_flags.CU_EVENT_DEFAULT);
        }
    }

    @Override
    public String name() {
        return "cuda-events";
    }

    @Override
    public boolean measuresGpuTime() {
        return true;
    }

    @Override
    public boolean deferGpuTimes() {
        defer = true;
        return true;
    }

    @Override
    public void begin() {
        slot = (slot + 1) % RING; // the step's slot; end() and sendGpuTimeTo() use it too
        if (pending[slot]) {
            deliver(slot, true); // the events this step's slot held: read RING steps after their step
        }
        long now = System.nanoTime();
        CUstream next = streams.get();
        stream = next == null ? LEGACY_DEFAULT : next;
        int start = spans.begin(slot, stream, now); // -1: back to back, from the last step's end
        if (start >= 0) {
            cuEventRecord(marks[start], stream);
        }
        hostStart = spans.stepStart();
    }

    @Override
    public void end() {
        cuEventRecord(marks[spans.endEvent(slot)], stream);
        hostEnd = System.nanoTime();
        spans.ended(slot, stream, hostEnd);
        if (defer) {
            pending[slot] = true;
            pendingWall[slot] = hostEnd - hostStart;
            pendingSink[slot] = null;
            gpuNanos = PENDING;
        } else {
            gpuNanos = elapsedNanos(slot);
        }
    }

    @Override
    public void sendGpuTimeTo(GpuTimeSink sink) {
        if (defer && pending[slot]) {
            pendingSink[slot] = sink;
        }
    }

    @Override
    public void flush() {
        // Oldest first, so the sinks get their steps in order.
        for (int k = 1; k <= RING; k++) {
            int i = (slot + k) % RING;
            if (pending[i]) {
                deliver(i, false);
            }
        }
    }

    private void deliver(int i, boolean surelyFinished) {
        long gpu = surelyFinished ? finishedElapsedNanos(i) : elapsedNanos(i);
        GpuTimeSink sink = pendingSink[i];
        pending[i] = false;
        pendingSink[i] = null;
        if (sink != null) { // a step nobody recorded (warm-up) has no sink
            sink.onGpuTime(pendingWall[i], gpu);
        }
    }

    /** The span of the step in ring slot i, waiting for its end event first. */
    private long elapsedNanos(int i) {
        CUevent stop = marks[spans.endMark(i)];
        cuEventSynchronize(stop);
        cuEventElapsedTime(elapsedMs, marks[spans.startMark(i)], stop);
        return Math.round(elapsedMs[0] * 1e6);
    }

    /**
     * The span of a step read {@value #RING} steps late, whose events the device finished long ago:
     * read without the synchronize, a driver call that costs about 2 µs in this loop on an H100
     * even for a finished event. Should the event not be finished after all, the driver says so
     * (JCuda throws) and the read waits.
     */
    private long finishedElapsedNanos(int i) {
        try {
            cuEventElapsedTime(elapsedMs, marks[spans.startMark(i)], marks[spans.endMark(i)]);
            return Math.round(elapsedMs[0] * 1e6);
        } catch (CudaException notReady) {
            return elapsedNanos(i);
        }
    }

    @Override
    public long wallNanos() {
        return hostEnd - hostStart;
    }

    @Override
    public long gpuNanos() {
        return gpuNanos;
    }

    @Override
    public long endNanos() {
        return hostEnd;
    }

    private static Supplier<CUstream> constant(CUstream stream) {
        return () -> stream;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                flush();
            } finally {
                for (CUevent mark : marks) {
                    cuEventDestroy(mark);
                }
                CudaDriver.releasePrimaryContext(device);
            }
        }
    }
}
