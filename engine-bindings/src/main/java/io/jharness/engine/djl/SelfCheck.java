package io.jharness.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineException;
import java.util.Map;

/**
 * Runs a loaded model once on the reference input its exporter recorded and compares the logits,
 * so a broken setup fails at start-up instead of producing numbers. Two failures matter most:
 * a DJL JNI built for another libtorch (it loads, then cannot read tensors, or computes garbage),
 * and a model that does not follow the contract (models/README.md).
 */
final class SelfCheck {

    private SelfCheck() {}

    /** Allowed absolute difference per unit of logit magnitude, by dtype. */
    static double tolerance(String dtype) {
        return switch (dtype) {
            case "float16" -> 5e-2;
            case "bfloat16" -> 2e-1;
            default -> 1e-3;
        };
    }

    /**
     * @param versions what to name in an error: DJL's version, the libtorch and where it came from
     * @throws EngineConfigException when the model does not follow the contract
     * @throws EngineException       when the results cannot be read or are wrong
     */
    static void run(Block block, NDManager manager, ModelContract c, Map<String, String> versions) {
        ModelContract.Reference ref = c.reference();
        if (ref == null || ref.inputIds() == null || ref.logits() == null) {
            throw new EngineConfigException("the model's JSON has no reference outputs to check it against; "
                    + "export it again with scripts/export_model.py");
        }
        int rows = ref.inputIds().length;
        int t = ref.inputIds()[0].length;
        float[] got;
        long[] argmax;
        try (NDManager sm = manager.newSubManager()) {
            NDArray ids = sm.create(flatten(ref.inputIds()), new Shape(rows, t));
            NDArray pos = sm.create(flatten(ref.positions()), new Shape(rows, t));
            NDArray last = sm.create(ref.lastIndex(), new Shape(rows));
            Shape cache = new Shape(c.numLayers(), rows, c.numKvHeads(), c.maxSeqLen(), c.headDim());
            NDArray k = sm.zeros(cache, DjlEngine.dataType(c.dtype()));
            NDArray v = sm.zeros(cache, DjlEngine.dataType(c.dtype()));
            NDArray logits;
            try {
                logits = block.forward(new ParameterStore(sm, false), new NDList(ids, pos, last, k, v), false)
                        .singletonOrThrow();
            } catch (RuntimeException e) {
                throw new EngineConfigException("the model does not run as the contract says "
                        + "forward(input_ids, positions, last_index, k_cache, v_cache) -> logits "
                        + "(models/README.md): " + DjlRuntime.firstLine(e));
            }
            if (!logits.getShape().equals(new Shape(rows, c.vocabSize())) || logits.getDataType() != DataType.FLOAT32) {
                throw new EngineConfigException("the model returned " + logits.getDataType() + " logits of shape "
                        + logits.getShape() + "; the contract says float32 of shape (" + rows + ", " + c.vocabSize() + ")");
            }
            try {
                got = logits.toFloatArray();
                argmax = logits.argMax(-1).toLongArray();
            } catch (RuntimeException e) {
                throw mismatch(versions, "reading the logits failed: " + DjlRuntime.firstLine(e));
            }
        }
        double tol = tolerance(c.dtype());
        for (int r = 0; r < rows; r++) {
            float[] expected = ref.logits()[r];
            double scale = 1;
            for (float e : expected) {
                scale = Math.max(scale, Math.abs(e));
            }
            for (int j = 0; j < expected.length; j++) {
                double diff = Math.abs(got[r * c.vocabSize() + j] - expected[j]);
                if (!(diff <= tol * scale)) {
                    throw mismatch(versions, String.format(java.util.Locale.ROOT,
                            "logit %d of reference row %d is %.6g, the exporter computed %.6g (allowed difference %.3g for %s)",
                            j, r, got[r * c.vocabSize() + j], expected[j], tol * scale, c.dtype()));
                }
            }
        }
        // Argmax ties are possible in low precision; the logits check above is the real test.
        if (ref.argmax() != null && "float32".equals(c.dtype())) {
            for (int r = 0; r < rows; r++) {
                if (argmax[r] != ref.argmax()[r]) {
                    throw mismatch(versions, "reference row " + r + " picks token " + argmax[r]
                            + ", the exporter's model picked " + ref.argmax()[r]);
                }
            }
        }
    }

    private static EngineException mismatch(Map<String, String> versions, String what) {
        return new EngineException("start-up self-check failed: " + what + ". DJL " + versions.get("djl")
                + "'s JNI and the libtorch " + versions.get("libtorch") + " it loaded (" + versions.get("libtorch_source")
                + ") may not match: a DJL JNI must be built for the exact libtorch it runs with (README: GPU machines); "
                + "or the model file changed after export");
    }

    private static long[] flatten(long[][] rows) {
        int n = 0;
        for (long[] r : rows) {
            n += r.length;
        }
        long[] flat = new long[n];
        int i = 0;
        for (long[] r : rows) {
            System.arraycopy(r, 0, flat, i, r.length);
            i += r.length;
        }
        return flat;
    }
}
