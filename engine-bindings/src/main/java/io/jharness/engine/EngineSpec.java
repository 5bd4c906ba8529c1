package io.jharness.engine;

import java.util.Map;
import java.util.Optional;

/**
 * How to create an engine: the device, model and dtype the user asked for, the seed, and
 * engine-specific options ({@code --engine-opt key=value}). Each engine says which options it
 * understands and rejects the others with {@link EngineConfigException}.
 *
 * @param device  requested device, e.g. {@code cpu} or {@code cuda:0}; null for the engine's default
 * @param model   path of the model to load; null where the engine needs none
 * @param dtype   requested dtype; null for the model's own
 * @param seed    seed for anything random inside the engine
 * @param options engine-specific options
 */
public record EngineSpec(String device, String model, String dtype, long seed, Map<String, String> options) {

    public EngineSpec {
        options = Map.copyOf(options);
    }

    public static EngineSpec defaults(long seed) {
        return new EngineSpec(null, null, null, seed, Map.of());
    }

    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }
}
