package io.jharness.harness.config;

import io.jharness.engine.EngineSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine a run asks for: a name ({@code auto}, {@code mock}, ...) and what to create it with.
 *
 * @param name    engine name, or {@code auto}
 * @param device  requested device, or null for the engine's default
 * @param model   model path, or null
 * @param dtype   dtype, or null for the model's own
 * @param options engine-specific options
 */
public record EngineSelection(String name, String device, String model, String dtype, Map<String, String> options) {

    public EngineSelection {
        options = Map.copyOf(options);
    }

    public static EngineSelection auto() {
        return new EngineSelection("auto", null, null, null, Map.of());
    }

    public EngineSpec toSpec(long seed) {
        return new EngineSpec(device, model, dtype, seed, options);
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", name);
        m.put("device", device);
        m.put("model", model);
        m.put("dtype", dtype);
        m.put("engine_options", new java.util.TreeMap<>(options));
        return m;
    }
}
