package io.jharness.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import io.jharness.engine.EngineException;
import io.jharness.engine.EngineSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.List;

/**
 * A KV cache of {@code maxBatch} rows of {@code maxSeqLen} positions on the model's device (the
 * contract lets the cache be shorter than the model's limit), and the steps that fill it. Row i
 * of a step is cache row i (the contract narrows the cache to the step's batch), so a step's
 * slots must be {@code 0..count-1}: static batching. Prompts of different lengths are
 * right-padded. Greedy argmax runs on the device; only the step's token ids come back.
 *
 * <p>Per step, inputs are staged in reused direct buffers, and every tensor the step makes
 * lives in a sub-manager that is closed when the step ends. The step calls the TorchScript
 * module's {@code forward} through DJL's PyTorch {@link IValue}s, the caches' made once per
 * session, rather than through {@code Block.forward}, which converts every input afresh.
 *
 * <p>The caches come from the model's own {@code new_cache(batch, seq)} where it has one (models
 * exported since it joined the contract): DJL runs a module's methods in libtorch's inference
 * mode, so they are inference tensors, and the cache writes and views of every step skip
 * autograd's version counting, as a Python loop under {@code torch.inference_mode()} does.
 * Tensors DJL makes itself are not, and cost about 7 us more per layer and step (measured on a
 * CPU with the fixture model). Older exports get caches from DJL.
 */
final class DjlSession implements EngineSession {

    /** DJL applies its {@code graph_optimizer} property in {@code Block.forward}, per thread; so do we. */
    private static final boolean GRAPH_OPTIMIZER = DjlRuntime.graphOptimizer();

    private final PtSymbolBlock block;
    private final NDManager manager;
    private final ModelContract contract;
    private final int maxBatch;
    private final int maxSeqLen;
    private final NDArray kCache;
    private final NDArray vCache;
    private final IValue kValue;
    private final IValue vValue;
    private final int[] length;
    private final boolean[] active;
    private final ByteBuffer ids;
    private final ByteBuffer positions;
    private final ByteBuffer lastIndex;
    private boolean closed;

    DjlSession(PtSymbolBlock block, NDManager modelManager, ModelContract contract, DataType dtype, int maxBatch,
            int maxSeqLen) {
        this.block = block;
        this.contract = contract;
        this.maxBatch = maxBatch;
        this.maxSeqLen = maxSeqLen;
        this.manager = modelManager.newSubManager();
        Shape cache = new Shape(contract.numLayers(), maxBatch, contract.numKvHeads(), maxSeqLen, contract.headDim());
        try {
            NDArray[] caches = hasMethod(block, "new_cache") ? modelCaches(maxBatch, maxSeqLen)
                    : new NDArray[] {manager.zeros(cache, dtype), manager.zeros(cache, dtype)};
            this.kCache = caches[0];
            this.vCache = caches[1];
            if (!kCache.getShape().equals(cache) || kCache.getDataType() != dtype) {
                throw new EngineException("the model's new_cache(" + maxBatch + ", " + maxSeqLen + ") made "
                        + kCache.getShape() + " " + kCache.getDataType() + "; the contract says " + cache + " " + dtype);
            }
            this.kValue = IValue.from((PtNDArray) kCache);
            this.vValue = IValue.from((PtNDArray) vCache);
        } catch (EngineException e) {
            manager.close();
            throw e;
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

    private static boolean hasMethod(PtSymbolBlock block, String name) {
        return List.of(JniUtils.getMethodNames(block)).contains(name);
    }

    /** The caches the model makes, in inference mode (see the class comment). */
    private NDArray[] modelCaches(int batch, int seq) {
        try (IValue b = IValue.from((long) batch);
                IValue s = IValue.from((long) seq);
                IValue pair = IValueUtils.runMethod(block, "new_cache", b, s)) {
            IValue[] both = pair.toIValueTuple();
            try {
                return new NDArray[] {both[0].toTensor((PtNDManager) manager), both[1].toTensor((PtNDManager) manager)};
            } finally {
                for (IValue v : both) {
                    v.close();
                }
            }
        }
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
            JniUtils.setGraphExecutorOptimize(GRAPH_OPTIMIZER);
            NDArray logits;
            try (IValue idValue = IValue.from((PtNDArray) idArray);
                    IValue posValue = IValue.from((PtNDArray) posArray);
                    IValue lastValue = IValue.from((PtNDArray) lastArray);
                    IValue result = IValueUtils.forward(block,
                            new IValue[] {idValue, posValue, lastValue, kValue, vValue})) {
                logits = result.toTensor((PtNDManager) sm);
            }
            long[] tokens = logits.argMax(-1).toLongArray();
            for (int i = 0; i < count; i++) {
                out[i] = (int) tokens[i];
            }
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
            kValue.close();
            vValue.close();
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
