package io.jharness.engine.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

import io.jharness.engine.timing.GpuTimeSink;
import io.jharness.engine.timing.StepTimer;
import java.util.function.Supplier;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUstream;

/**
 * Times steps with CUDA events on the stream the engine's work runs on (by default the legacy
 * default stream, which PyTorch uses unless told otherwise), in the device's primary context.
 *
 * <p>{@link #begin()} records a start event before the step is enqueued; {@link #end()} runs once
 * the step's tokens are on the host, which already waited for the step's work, and records the end
 * event. The GPU time is the span between the two events on the stream: kernels and the gaps
 * between them where the GPU waited for the host to launch more.
 *
 * <p>Reading that span at once means waiting until the device has processed the end event: a
 * round trip of several microseconds, even on an idle stream. So after {@link #deferGpuTimes()} the
 * timer keeps a ring of {@value #RING} event pairs and reads a step's pair only when the ring comes
 * back to it, {@value #RING} steps later, by when the device finished it long ago; the time goes to
 * the sink the caller named ({@link #sendGpuTimeTo(GpuTimeSink)}), with the step's wall time.
 * Without it, {@link #end()} waits and {@link #gpuNanos()} is the step's own.
 */
public final class CudaEventStepTimer implements StepTimer {

    /** Event pairs in flight when deferring: a step's pair is read {@value} steps later. */
    static final int RING = 4;

    private static final CUstream LEGACY_DEFAULT = new CUstream();

    private final int device;
    private final Supplier<CUstream> streams;
    private CUstream stream;
    private final CUevent[] start = new CUevent[RING];
    private final CUevent[] end = new CUevent[RING];
    /** Per ring slot, while its pair is unread: the step's wall time, and where its GPU time goes. */
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
        for (int i = 0; i < RING; i++) {
            start[i] = new CUevent();
            end[i] = new CUevent();
            cuEventCreate(start[i], CUevent_flags.CU_EVENT_DEFAULT);
            cuEventCreate(end[i], CUevent_flags.CU_EVENT_DEFAULT);
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
            deliver(slot); // the pair this step reuses: read RING steps after its own step
        }
        hostStart = System.nanoTime();
        CUstream next = streams.get();
        stream = next == null ? LEGACY_DEFAULT : next;
        cuEventRecord(start[slot], stream);
    }

    @Override
    public void end() {
        cuEventRecord(end[slot], stream);
        hostEnd = System.nanoTime();
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
                deliver(i);
            }
        }
    }

    private void deliver(int i) {
        long gpu = elapsedNanos(i);
        GpuTimeSink sink = pendingSink[i];
        pending[i] = false;
        pendingSink[i] = null;
        if (sink != null) { // a step nobody recorded (warm-up) has no sink
            sink.onGpuTime(pendingWall[i], gpu);
        }
    }

    private long elapsedNanos(int i) {
        cuEventSynchronize(end[i]);
        cuEventElapsedTime(elapsedMs, start[i], end[i]);
        return Math.round(elapsedMs[0] * 1e6);
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
                for (int i = 0; i < RING; i++) {
                    cuEventDestroy(start[i]);
                    cuEventDestroy(end[i]);
                }
                CudaDriver.releasePrimaryContext(device);
            }
        }
    }
}
