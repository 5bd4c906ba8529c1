package io.jharness.engine.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;

import io.jharness.engine.timing.StepTimer;
import java.util.function.Supplier;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUstream;

/**
 * Times steps with CUDA events on the stream the engine's work runs on (by default the legacy
 * default stream, which PyTorch uses unless told otherwise), in the device's primary context.
 *
 * <p>{@link #begin()} records the start event before the step is enqueued; {@link #end()} runs
 * once the step's tokens are on the host, which already waited for the step's work, records the
 * end event and reads the elapsed time. The end event's wait covers only the event itself, since
 * the stream is idle by then. The GPU time is the span between the two events on the stream:
 * kernels and the gaps between them where the GPU waited for the host to launch more.
 */
public final class CudaEventStepTimer implements StepTimer {

    private final int device;
    private static final CUstream LEGACY_DEFAULT = new CUstream();

    private final Supplier<CUstream> streams;
    private CUstream stream;
    private final CUevent start = new CUevent();
    private final CUevent end = new CUevent();
    private final float[] elapsedMs = new float[1];
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
        cuEventCreate(start, CUevent_flags.CU_EVENT_DEFAULT);
        cuEventCreate(end, CUevent_flags.CU_EVENT_DEFAULT);
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
    public void begin() {
        hostStart = System.nanoTime();
        CUstream next = streams.get();
        stream = next == null ? LEGACY_DEFAULT : next;
        cuEventRecord(start, stream);
    }

    @Override
    public void end() {
        cuEventRecord(end, stream);
        hostEnd = System.nanoTime();
        cuEventSynchronize(end);
        cuEventElapsedTime(elapsedMs, start, end);
        gpuNanos = Math.round(elapsedMs[0] * 1e6);
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
            cuEventDestroy(start);
            cuEventDestroy(end);
            CudaDriver.releasePrimaryContext(device);
        }
    }
}
