package io.jharness.engine;

import java.util.Map;

/**
 * What a loaded engine is: its name, model, device and limits, and whether its timings are real.
 *
 * @param engine       the engine's name as selected with {@code --engine}
 * @param model        the model it serves (a path, or a description for engines without one)
 * @param device       the device it runs on, as a person would name it
 * @param dtype        the element type of weights and activations
 * @param vocabSize    token ids it accepts and returns are in {@code [0, vocabSize)}
 * @param maxBatchSize the most sequence slots one session may have
 * @param maxSeqLen    the most tokens (prompt plus generated) one sequence may hold
 * @param clock        the clock its steps are timed on: {@code wall} or {@code virtual}
 * @param simulated    true when the timings come from a latency model, not from running a model
 * @param versions     versions of the native pieces it uses (libtorch, CUDA, driver...), may be empty
 */
public record EngineInfo(
        String engine,
        String model,
        String device,
        String dtype,
        int vocabSize,
        int maxBatchSize,
        int maxSeqLen,
        String clock,
        boolean simulated,
        Map<String, String> versions) {

    public EngineInfo {
        // Read back from a run.json another tool wrote, versions may be missing or hold nulls.
        versions = versions == null ? Map.of() : versions.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getValue() != null)
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static final java.util.regex.Pattern CUDA_DEVICE = java.util.regex.Pattern.compile("^cuda:(\\d+)");

    /** The CUDA device index of a device description ({@code cuda:N ...}, as {@link #device()} reads), or -1. */
    public static int cudaDeviceIndex(String device) {
        var m = CUDA_DEVICE.matcher(device == null ? "" : device);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
