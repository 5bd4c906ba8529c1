package io.jharness.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.jharness.engine.EngineException;
import io.jharness.engine.EngineSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/**
 * A KV cache of {@code maxBatch} rows of {@code maxSeqLen} positions on the model's device (the
 * contract lets the cache be shorter than the model's limit), and the steps that fill it. Row i
 * of a step is cache row i (the contract narrows the cache to the step's batch), so a step's
 * slots must be {@code 0..count-1}: static batching. Prompts of different lengths are
 * right-padded. Greedy argmax runs on the device; only the step's token ids come back.
 *
 * <p>Per step, inputs are staged in reused direct buffers, and every tensor the step makes
 * lives in a sub-manager that is closed when the step ends.
 */
final class DjlSession implements EngineSession {

    private final Block block;
    private final NDManager manager;
    private final ModelContract contract;
    private final int maxBatch;
    private final int maxSeqLen;
    private final NDArray kCache;
    private final NDArray vCache;
    private final int[] length;
    private final boolean[] active;
    private final ByteBuffer ids;
    private final ByteBuffer positions;
    private final ByteBuffer lastIndex;
    private boolean closed;

    DjlSession(Block block, NDManager modelManager, ModelContract contract, DataType dtype, int maxBatch, int maxSeqLen) {
        this.block = block;
        this.contract = contract;
        this.maxBatch = maxBatch;
        this.maxSeqLen = maxSeqLen;
        this.manager = modelManager.newSubManager();
        Shape cache = new Shape(contract.numLayers(), maxBatch, contract.numKvHeads(), maxSeqLen, contract.headDim());
        try {
            this.kCache = manager.zeros(cache, dtype);
            this.vCache = manager.zeros(cache, dtype);
        } catch (RuntimeException e) {
            manager.close();
            throw new EngineException("allocating a KV cache of " + cache + " " + contract.dtype() + " failed: "
                    + DjlRuntime.firstLine(e));
        }
        this.length = new int[maxBatch];
        this.active = new boolean[maxBatch];
        int maxTokens = maxBatch * maxSeqLen;
        this.ids = direct(maxTokens);
        this.positions = direct(maxTokens);
        this.lastIndex = direct(maxBatch);
    }

    private static ByteBuffer direct(int longs) {
        return ByteBuffer.allocateDirect(longs * Long.BYTES).order(ByteOrder.nativeOrder());
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
    public void prefill(int count, int[] slots, int[][] prompts, int[] firstTokens) {
        checkStep(count, slots);
        // Every row is checked before any state changes: a rejected step changes nothing.
        int t = 0;
        for (int i = 0; i < count; i++) {
            if (active[i]) {
                throw new EngineException("prefill into slot " + i + ", which holds a sequence; release it first");
            }
            int n = prompts[i].length;
            if (n < 1 || n >= maxSeqLen) {
                throw new EngineException("a prompt of " + n + " tokens does not fit a KV cache of "
                        + maxSeqLen + " positions with room to generate");
            }
            for (int token : prompts[i]) {
                checkToken(token);
            }
            t = Math.max(t, n);
        }
        LongBuffer idsL = ids.clear().asLongBuffer();
        LongBuffer posL = positions.clear().asLongBuffer();
        LongBuffer lastL = lastIndex.clear().asLongBuffer();
        for (int i = 0; i < count; i++) {
            int[] p = prompts[i];
            for (int j = 0; j < t; j++) {
                // Right padding: pad K/V land past the prompt and are overwritten by decode
                // before any real token attends to them (models/README.md).
                idsL.put(j < p.length ? p[j] : 0);
                posL.put(j);
            }
            lastL.put(p.length - 1);
            length[i] = p.length;
            active[i] = true;
        }
        step(count, t, firstTokens);
    }

    @Override
    public void decode(int count, int[] slots, int[] lastTokens, int[] nextTokens) {
        checkStep(count, slots);
        for (int i = 0; i < count; i++) {
            if (!active[i]) {
                throw new EngineException("decode of slot " + i + ", which holds no sequence");
            }
            if (length[i] >= maxSeqLen) {
                throw new EngineException("slot " + i + " is full (" + maxSeqLen + " positions)");
            }
            checkToken(lastTokens[i]);
        }
        LongBuffer idsL = ids.clear().asLongBuffer();
        LongBuffer posL = positions.clear().asLongBuffer();
        LongBuffer lastL = lastIndex.clear().asLongBuffer();
        for (int i = 0; i < count; i++) {
            idsL.put(lastTokens[i]);
            posL.put(length[i]);
            lastL.put(0);
            length[i]++;
        }
        step(count, 1, nextTokens);
    }

    private void step(int count, int t, int[] out) {
        try (NDManager sm = manager.newSubManager()) {
            // The input ids come first: the model's outputs are attached to their manager.
            NDArray idArray = sm.create(ids.slice(0, count * t * Long.BYTES).order(ByteOrder.nativeOrder()),
                    new Shape(count, t), DataType.INT64);
            NDArray posArray = sm.create(positions.slice(0, count * t * Long.BYTES).order(ByteOrder.nativeOrder()),
                    new Shape(count, t), DataType.INT64);
            NDArray lastArray = sm.create(lastIndex.slice(0, count * Long.BYTES).order(ByteOrder.nativeOrder()),
                    new Shape(count), DataType.INT64);
            NDList outputs = block.forward(new ParameterStore(sm, false),
                    new NDList(idArray, posArray, lastArray, kCache, vCache), false);
            int[] tokens = outputs.singletonOrThrow().argMax(-1).toType(DataType.INT32, false).toIntArray();
            System.arraycopy(tokens, 0, out, 0, count);
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EngineException("a step of " + count + " sequences failed: " + DjlRuntime.firstLine(e));
        }
    }

    @Override
    public boolean rowsAreSlots() {
        return true;
    }

    @Override
    public void release(int slot) {
        if (slot < 0 || slot >= maxBatch) {
            throw new EngineException("slot " + slot + " is outside [0, " + maxBatch + ")");
        }
        active[slot] = false;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }

    private void checkStep(int count, int[] slots) {
        if (closed) {
            throw new EngineException("the session is closed");
        }
        if (count < 1 || count > maxBatch) {
            throw new EngineException("a step of " + count + " sequences in a session of " + maxBatch + " slots");
        }
        for (int i = 0; i < count; i++) {
            if (slots[i] != i) {
                throw new EngineException("the djl engine runs static batches: row i of a step must be slot i, "
                        + "got slot " + slots[i] + " in row " + i);
            }
        }
    }

    private long checkToken(int token) {
        if (token < 0 || token >= contract.vocabSize()) {
            throw new EngineException("token id " + token + " is outside the vocabulary [0, " + contract.vocabSize() + ")");
        }
        return token;
    }
}
