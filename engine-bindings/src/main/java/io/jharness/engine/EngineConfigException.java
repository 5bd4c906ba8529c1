package io.jharness.engine;

/**
 * The engine was asked for something it cannot be: an unknown option, a bad value, a batch or
 * sequence length beyond its limits. This is the user's error, not the engine's, and the CLI maps
 * it to a usage error.
 */
public class EngineConfigException extends EngineException {
    public EngineConfigException(String message) {
        super(message);
    }
}
