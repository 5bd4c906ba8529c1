package io.jharness.engine.nativeabi;

import static io.jharness.engine.nativeabi.bindings.jharness_engine_h.JH_OK;

import io.jharness.engine.EngineException;
import io.jharness.engine.EngineSession;
import io.jharness.engine.nativeabi.bindings.jharness_engine_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A {@code jh_session} and the native buffers its steps pass to it, allocated once when the session
 * opens: the slots, the prompt offsets, the tokens ({@code maxBatch * maxSeqLen} of them: every
 * prompt of a step, or a decode's last tokens) and the tokens a step writes. A step copies the
 * caller's arrays into them with {@link MemorySegment#copy} and the results back, and allocates
 * nothing.
 *
 * <p>The engine validates what a step asks (slots, prompt lengths, token ids, a full sequence) and
 * answers with its own message; this class checks only what keeps the copies inside the buffers:
 * the count, and the prompts' total length.
 */
final class NativeSession implements EngineSession {

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;

    private final NativeEngine engine;
    private final MemorySegment handle;
    private final int maxBatch;
    private final int maxSeqLen;
    private final boolean rowsAreSlots;
    private final Arena arena;
    private final MemorySegment slots;
    private final MemorySegment offsets;
    private final MemorySegment tokens;
    private final MemorySegment out;
    private final long tokenCapacity;
    private boolean closed;

    NativeSession(NativeEngine engine, MemorySegment handle, int maxBatch, int maxSeqLen, boolean rowsAreSlots) {
        this.engine = engine;
        this.handle = handle;
        this.maxBatch = maxBatch;
        this.maxSeqLen = maxSeqLen;
        this.rowsAreSlots = rowsAreSlots;
        this.tokenCapacity = (long) maxBatch * maxSeqLen;
        this.arena = Arena.ofShared();
        try {
            this.slots = arena.allocate(INT, maxBatch);
            this.offsets = arena.allocate(INT, maxBatch + 1L);
            this.tokens = arena.allocate(INT, tokenCapacity);
            this.out = arena.allocate(INT, maxBatch);
        } catch (RuntimeException | OutOfMemoryError e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public int maxSeqLen() {
        return maxSeqLen;
    }

    @Override
    public boolean rowsAreSlots() {
        return rowsAreSlots;
    }

    @Override
    public void prefill(int count, int[] slotIds, int[][] prompts, int[] firstTokens) {
        checkStep(count);
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += prompts[i].length;
        }
        if (total > tokenCapacity) {
            throw new EngineException("prompts of " + total + " tokens in all do not fit a session of " + maxBatch
                    + " slots of " + maxSeqLen + " tokens; each prompt must be shorter than " + maxSeqLen + " tokens");
        }
        MemorySegment.copy(slotIds, 0, slots, INT, 0, count);
        int offset = 0;
        offsets.setAtIndex(INT, 0, 0);
        for (int i = 0; i < count; i++) {
            int[] prompt = prompts[i];
            MemorySegment.copy(prompt, 0, tokens, INT, (long) offset * Integer.BYTES, prompt.length);
            offset += prompt.length;
            offsets.setAtIndex(INT, i + 1, offset);
        }
        int status = jharness_engine_h.jh_prefill(handle, count, slots, offsets, tokens, out);
        if (status != JH_OK()) {
            throw engine.failure(status, "jh_prefill", false);
        }
        MemorySegment.copy(out, INT, 0, firstTokens, 0, count);
    }

    @Override
    public void decode(int count, int[] slotIds, int[] lastTokens, int[] nextTokens) {
        checkStep(count);
        MemorySegment.copy(slotIds, 0, slots, INT, 0, count);
        MemorySegment.copy(lastTokens, 0, tokens, INT, 0, count);
        int status = jharness_engine_h.jh_decode(handle, count, slots, tokens, out);
        if (status != JH_OK()) {
            throw engine.failure(status, "jh_decode", false);
        }
        MemorySegment.copy(out, INT, 0, nextTokens, 0, count);
    }

    @Override
    public void release(int slot) {
        checkOpen();
        int status = jharness_engine_h.jh_release(handle, slot);
        if (status != JH_OK()) {
            throw engine.failure(status, "jh_release", false);
        }
    }

    /**
     * The rows the last step really ran ({@code jh_last_step_rows}): its count, or more when the
     * engine padded it (e.g. to a captured CUDA graph's batch size); -1 before any step.
     */
    @Override
    public int lastStepRows() {
        checkOpen();
        return jharness_engine_h.jh_last_step_rows(handle);
    }

    /**
     * The CUDA stream the session's work runs on ({@code jh_stream}), or {@link MemorySegment#NULL} on
     * the CPU: where a CUDA-event step timer would record its events.
     */
    MemorySegment stream() {
        checkOpen();
        return jharness_engine_h.jh_stream(handle);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        jharness_engine_h.jh_close(handle);
        arena.close();
        engine.closed(this);
    }

    private void checkOpen() {
        if (closed) {
            throw new EngineException("the session is closed");
        }
    }

    private void checkStep(int count) {
        checkOpen();
        if (count < 1 || count > maxBatch) {
            throw new EngineException("a step of " + count + " sequences in a session of " + maxBatch + " slots");
        }
    }
}
