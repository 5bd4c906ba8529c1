package io.jharness.harness.config;

/** Range checks that name the option and what is allowed. */
final class Checks {

    private Checks() {}

    static void atLeastOne(String option, long value) {
        if (value < 1) {
            throw new UsageException(option + " " + value + " is not allowed; it must be a whole number >= 1");
        }
    }
}
