package io.jharness.harness.roofline;

/**
 * The memory traffic and arithmetic one decode step of a decoder must do, from the model's shape
 * alone: the floor under any implementation, what "model bandwidth utilization" divides by.
 *
 * <p>At batch {@code B} (sequences in the step) and context {@code C} (positions each sequence's
 * attention reads: prompt + tokens generated so far, the new one included), with {@code L}
 * layers, {@code H} query heads, {@code H_kv} key/value heads, head size {@code D}, vocabulary
 * {@code V}, hidden size {@code h} and {@code s} bytes per element of the model's dtype:
 *
 * <pre>
 * W      = param_count − position table − (untied ? V × h : 0)     parameters read in full
 * bytes  = W × s                                  weights: every matrix once per step
 *        + 2 × L × H_kv × D × C × B × s           K and V read by attention
 *        + 2 × L × H_kv × D × B × s               the step's own K and V written
 *        + B × V × 4                              float32 logits written
 * FLOPs  = 2 × W × B                              every matmul, the LM head included
 *        + 4 × L × H × D × C × B                  attention: Q·Kᵀ and P·V, 2 × D × C each per head
 * </pre>
 *
 * <p>{@code W} is the parameters whose matrices a step multiplies by: {@code param_count} counts
 * a tied embedding once, and the LM head reads that matrix in full, so for a tied model it stays;
 * an untied model's input embedding is only looked up ({@code B} rows), so it goes. A learned
 * position table (GPT-2) is looked up too and goes as well. The looked-up rows, norms' and
 * biases' extra reads, activations and the softmax are left out: they are a fraction of a percent
 * at any batch a decode step runs. Bytes are counted as DRAM traffic with no cache reuse across
 * steps; at small sizes caches can hold part of it, which is why a figure near or above the copy
 * ceiling must be read with care.
 */
public final class DecodeRoofline {

    private DecodeRoofline() {}

    /** {@code W}: the parameters a decode step reads in full and multiplies {@code B} rows by. */
    public static long matmulParams(ModelShape m) {
        long untiedEmbedding = m.tieWordEmbeddings() ? 0 : (long) m.vocabSize() * m.hiddenSize();
        return m.paramCount() - m.positionEmbeddingParams() - untiedEmbedding;
    }

    /** Bytes of the weights one decode step reads. */
    public static double weightBytes(ModelShape m) {
        return (double) matmulParams(m) * m.dtypeBytes();
    }

    /** Bytes of K and V for one position of one sequence, over all layers. */
    public static double kvBytesPerPosition(ModelShape m) {
        return 2.0 * m.numLayers() * m.numKvHeads() * m.headDim() * m.dtypeBytes();
    }

    /**
     * Bytes one decode step reads and writes.
     *
     * @param batch   sequences in the step (a mean over steps may be fractional)
     * @param context positions each sequence attends to (a mean)
     */
    public static double bytesPerStep(ModelShape m, double batch, double context) {
        double kv = kvBytesPerPosition(m);
        return weightBytes(m) + kv * context * batch + kv * batch + batch * m.vocabSize() * 4.0;
    }

    /** Floating-point operations of one decode step (a multiply-add counts 2). */
    public static double flopsPerStep(ModelShape m, double batch, double context) {
        return 2.0 * matmulParams(m) * batch
                + 4.0 * m.numLayers() * m.numHeads() * m.headDim() * context * batch;
    }
}
