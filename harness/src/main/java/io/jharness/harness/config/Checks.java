package io.jharness.harness.config;

/** Range checks that name the option and what is allowed. */
final class Checks {

    private Checks() {}

    /** Prompts are made up front and held in memory (so none are made on the hot path). */
    static final long MAX_PROMPTS = 10_000_000L;

    static final long MAX_PROMPT_TOKENS = 500_000_000L;

    /**
     * Checks that a workload's prompts fit in memory.
     *
     * @param what the options that set the number of prompts, for the message
     */
    static void promptsFit(String what, long prompts, int maxPromptLen) {
        if (prompts > MAX_PROMPTS || prompts * maxPromptLen > MAX_PROMPT_TOKENS) {
            throw new UsageException(what + " asks for " + prompts + " prompts of up to " + maxPromptLen
                    + " tokens; the harness holds every prompt in memory and allows at most " + MAX_PROMPTS
                    + " prompts and " + MAX_PROMPT_TOKENS + " prompt tokens per run");
        }
    }

    static void atLeastOne(String option, long value) {
        if (value < 1) {
            throw new UsageException(option + " " + value + " is not allowed; it must be a whole number >= 1");
        }
    }

    /** Records {@code repeats} in run metadata when it is above 1, so runs measured once keep their shape. */
    static void putRepeats(java.util.Map<String, Object> config, int repeats) {
        if (repeats > 1) {
            config.put("repeats", repeats);
        }
    }
}
