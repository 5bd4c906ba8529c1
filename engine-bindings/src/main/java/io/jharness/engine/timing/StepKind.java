package io.jharness.engine.timing;

/** The two kinds of engine step: a prompt pass and a one-token generation pass. */
public enum StepKind {
    PREFILL,
    DECODE
}
