package io.jharness.engine;

/**
 * A KV cache of {@link #maxBatch()} sequence slots, and the steps that fill it.
 *
 * <p>Calls take caller-owned arrays and a count, so the harness can reuse its buffers and the
 * steady state allocates nothing: element {@code i < count} of each array belongs to the
 * {@code i}-th sequence of the step. Each call returns when the step's tokens are on the host,
 * which is where the harness stops its timer.
 */
public interface EngineSession extends AutoCloseable {

    int maxBatch();

    int maxSeqLen();

    /**
     * Runs each prompt into its slot's cache and writes the slot's first generated token.
     *
     * @param count       number of sequences in this step
     * @param slots       free slots to fill, in {@code [0, maxBatch)}
     * @param prompts     token ids of each prompt, at least one token each
     * @param firstTokens receives each sequence's first generated token
     */
    void prefill(int count, int[] slots, int[][] prompts, int[] firstTokens);

    /**
     * One generation step for the given active slots.
     *
     * @param count      number of sequences in this step
     * @param slots      active slots
     * @param lastTokens each sequence's previous token
     * @param nextTokens receives each sequence's next token
     */
    void decode(int count, int[] slots, int[] lastTokens, int[] nextTokens);

    /**
     * Whether row i of every step must be slot i (so a step covers slots {@code 0..count-1}).
     * Such a session runs static batches only; the djl engine's model contract v1 is one.
     */
    default boolean rowsAreSlots() {
        return false;
    }

    /**
     * The rows the last step really ran: its count, or more when the engine padded the step up to
     * a size it prepared (a CUDA graph captured for that batch size); -1 when the engine does not
     * say.
     */
    default int lastStepRows() {
        return -1;
    }

    /** Frees a slot so a new sequence can use it. */
    void release(int slot);

    @Override
    void close();
}
