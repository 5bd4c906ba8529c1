package io.jharness.engine;

/**
 * An engine failed at run time: a step could not run, memory ran out, the native side reported an
 * error. The message is one line a user can act on.
 */
public class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
