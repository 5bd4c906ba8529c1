package io.jharness.engine.djl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jharness.engine.EngineConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a model file says about itself, from the JSON that {@code scripts/export_model.py} writes
 * next to it ({@code model.pt} → {@code model.json}): the shape of its KV cache, its vocabulary,
 * and reference outputs that the engine checks at start-up. See models/README.md.
 *
 * @param contractVersion the contract the model was exported for; this engine speaks version 1
 * @param family          {@code gpt2} or {@code llama}
 * @param dtype           {@code float32}, {@code float16} or {@code bfloat16}
 * @param vocabSize       logits per token
 * @param numLayers       transformer layers
 * @param numKvHeads      key/value heads per layer
 * @param headDim         size of each head
 * @param maxSeqLen       positions the KV cache holds
 * @param paramCount      parameters, for roofline figures
 * @param reference       reference outputs, or null when the file has none
 */
public record ModelContract(
        int contractVersion,
        String family,
        String dtype,
        int vocabSize,
        int numLayers,
        int numKvHeads,
        int headDim,
        int maxSeqLen,
        long paramCount,
        Reference reference) {

    public static final int SUPPORTED_VERSION = 1;

    /**
     * A fixed input and the logits the exporter computed for it.
     *
     * @param inputIds    [rows][t], right-padded
     * @param positions   [rows][t]
     * @param lastIndex   [rows]
     * @param logits      [rows][k]: the first k logits of each row
     * @param argmax      [rows]: each row's argmax over the whole vocabulary
     * @param greedyPrompt a prompt for the greedy check
     * @param greedyTokens the tokens greedy decoding generates from it, batch 1
     */
    public record Reference(
            long[][] inputIds, long[][] positions, long[] lastIndex, float[][] logits, long[] argmax,
            long[] greedyPrompt, long[] greedyTokens) {}

    /** The sidecar JSON of a model file: {@code name.pt} → {@code name.json}. */
    public static Path sidecar(Path model) {
        String name = model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }

    /**
     * Reads and checks a model's contract.
     *
     * @throws EngineConfigException naming what is missing or does not match
     */
    public static ModelContract read(Path model) {
        Path json = sidecar(model);
        if (!Files.isRegularFile(json)) {
            throw new EngineConfigException("model " + model + " has no " + json.getFileName()
                    + " beside it; export models with scripts/export_model.py (see models/README.md)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new EngineConfigException(json + " is not readable JSON: " + e.getMessage());
        }
        ModelContract c = new ModelContract(
                intField(root, "contract_version", json),
                textField(root, "family", json),
                textField(root, "dtype", json),
                intField(root, "vocab_size", json),
                intField(root, "num_layers", json),
                intField(root, "num_kv_heads", json),
                intField(root, "head_dim", json),
                intField(root, "max_seq_len", json),
                root.path("param_count").asLong(0),
                reference(root.get("reference")));
        if (c.contractVersion() != SUPPORTED_VERSION) {
            throw new EngineConfigException(json + " declares contract_version " + c.contractVersion()
                    + "; this harness runs version " + SUPPORTED_VERSION + " (models/README.md)");
        }
        if (!List.of("float32", "float16", "bfloat16").contains(c.dtype())) {
            throw new EngineConfigException(json + " declares dtype '" + c.dtype()
                    + "'; the contract allows float32, float16 and bfloat16");
        }
        return c;
    }

    /** The short dtype name users type: fp32, fp16, bf16. */
    public String shortDtype() {
        return switch (dtype) {
            case "float16" -> "fp16";
            case "bfloat16" -> "bf16";
            default -> "fp32";
        };
    }

    private static int intField(JsonNode root, String name, Path json) {
        JsonNode n = root.get(name);
        if (n == null || !n.canConvertToInt() || n.asInt() < 1) {
            throw new EngineConfigException(json + ": '" + name + "' is missing or not a whole number >= 1");
        }
        return n.asInt();
    }

    private static String textField(JsonNode root, String name, Path json) {
        JsonNode n = root.get(name);
        if (n == null || !n.isTextual()) {
            throw new EngineConfigException(json + ": '" + name + "' is missing");
        }
        return n.asText();
    }

    private static Reference reference(JsonNode r) {
        if (r == null || r.isNull()) {
            return null;
        }
        JsonNode greedy = r.path("greedy");
        return new Reference(
                longs2(r.get("input_ids")),
                longs2(r.get("positions")),
                longs(r.get("last_index")),
                // Large vocabularies keep only the first logits of each row.
                floats2(r.has("logits") ? r.get("logits") : r.get("logits_head")),
                longs(r.get("argmax")),
                longs(greedy.get("prompt")),
                longs(greedy.get("tokens")));
    }

    private static long[] longs(JsonNode n) {
        if (n == null || !n.isArray()) {
            return null;
        }
        long[] a = new long[n.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = n.get(i).asLong();
        }
        return a;
    }

    private static long[][] longs2(JsonNode n) {
        if (n == null || !n.isArray()) {
            return null;
        }
        List<long[]> rows = new ArrayList<>();
        n.forEach(row -> rows.add(longs(row)));
        return rows.toArray(long[][]::new);
    }

    private static float[][] floats2(JsonNode n) {
        if (n == null || !n.isArray()) {
            return null;
        }
        float[][] a = new float[n.size()][];
        for (int i = 0; i < a.length; i++) {
            JsonNode row = n.get(i);
            a[i] = new float[row.size()];
            for (int j = 0; j < a[i].length; j++) {
                a[i][j] = (float) row.get(j).asDouble();
            }
        }
        return a;
    }
}
