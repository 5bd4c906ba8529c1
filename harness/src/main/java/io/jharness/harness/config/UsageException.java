package io.jharness.harness.config;

/**
 * The user asked for something that cannot be: a bad value, a combination that does not fit the
 * engine, a directory that cannot be written. The message is one line that names the value and
 * what is allowed; the CLI prints it and exits with code 2.
 */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
