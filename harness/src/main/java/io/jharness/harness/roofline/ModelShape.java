package io.jharness.harness.roofline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shape of a model, as far as the bytes and FLOPs of a decode step depend on it: from the
 * sidecar JSON that {@code scripts/export_model.py} writes beside the model ({@code name.pt} →
 * {@code name.json}, see models/README.md).
 *
 * @param family                  {@code gpt2}, {@code llama}, ...
 * @param dtype                   dtype of the weights and of the KV cache
 * @param paramCount              distinct parameters (a tied LM head counted once)
 * @param numLayers               {@code L}
 * @param numHeads                query heads {@code H}
 * @param numKvHeads              key/value heads {@code H_kv}
 * @param headDim                 {@code D}
 * @param hiddenSize              width of the residual stream
 * @param vocabSize               {@code V}
 * @param tieWordEmbeddings       whether the LM head is the input embedding matrix
 * @param positionEmbeddingParams parameters of a learned position-embedding table (GPT-2's
 *                                {@code max_position_embeddings × hidden_size}), 0 for RoPE models
 */
public record ModelShape(
        String family,
        String dtype,
        long paramCount,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int hiddenSize,
        int vocabSize,
        boolean tieWordEmbeddings,
        long positionEmbeddingParams) {

    public ModelShape {
        dtypeBytes(dtype);
        if (paramCount <= 0 || numLayers <= 0 || numHeads <= 0 || numKvHeads <= 0 || headDim <= 0 || hiddenSize <= 0
                || vocabSize <= 0 || positionEmbeddingParams < 0) {
            throw new IllegalArgumentException("a model's sizes must be positive");
        }
    }

    /** Bytes of one element of {@code dtype}: 4 for float32, 2 for float16 and bfloat16. */
    public static int dtypeBytes(String dtype) {
        return switch (dtype == null ? "" : dtype) {
            case "float32" -> 4;
            case "float16", "bfloat16" -> 2;
            default -> throw new IllegalArgumentException("dtype '" + dtype + "' is not float32, float16 or bfloat16");
        };
    }

    public int dtypeBytes() {
        return dtypeBytes(dtype);
    }

    /** The sidecar JSON of a model file: {@code name.pt} → {@code name.json}. */
    public static Path sidecar(Path model) {
        String name = model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }

    /**
     * Reads the shape of the model at {@code model} from its sidecar.
     *
     * @throws IOException              when there is no readable sidecar
     * @throws IllegalArgumentException naming a key that is missing or wrong
     */
    public static ModelShape read(Path model) throws IOException {
        Path json = sidecar(model);
        if (!Files.isRegularFile(json)) {
            throw new IOException("no " + json.getFileName() + " beside " + model);
        }
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        String family = text(root, json, "family");
        int hidden = (int) number(root, json, "hidden_size");
        long positions = 0;
        if ("gpt2".equals(family)) {
            // GPT-2 learns a position table; its size is in the exporter's config, not at the top level.
            JsonNode config = root.path("config").path("max_position_embeddings");
            if (!config.canConvertToLong()) {
                throw new IllegalArgumentException(json + " has no config.max_position_embeddings (a gpt2 model)");
            }
            positions = config.asLong() * hidden;
        }
        JsonNode tied = root.get("tie_word_embeddings");
        if (tied == null || !tied.isBoolean()) {
            throw new IllegalArgumentException(json + " has no boolean tie_word_embeddings");
        }
        return new ModelShape(family, text(root, json, "dtype"), number(root, json, "param_count"),
                (int) number(root, json, "num_layers"), (int) number(root, json, "num_heads"),
                (int) number(root, json, "num_kv_heads"), (int) number(root, json, "head_dim"), hidden,
                (int) number(root, json, "vocab_size"), tied.asBoolean(), positions);
    }

    private static String text(JsonNode root, Path json, String key) {
        JsonNode n = root.get(key);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException(json + " has no text " + key);
        }
        return n.asText();
    }

    private static long number(JsonNode root, Path json, String key) {
        JsonNode n = root.get(key);
        if (n == null || !n.canConvertToLong() || n.asLong() <= 0) {
            throw new IllegalArgumentException(json + " has no positive integer " + key);
        }
        return n.asLong();
    }
}
