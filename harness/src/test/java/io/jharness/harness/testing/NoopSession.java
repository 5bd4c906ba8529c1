package io.jharness.harness.testing;

import io.jharness.engine.EngineSession;

/**
 * A test double: an engine session whose steps do nothing but write a deterministic token (the
 * prompt's last token, then the last token plus one), so a test sees only the harness's own work.
 */
public final class NoopSession implements EngineSession {

    private final int maxBatch;
    private final int maxSeqLen;

    public NoopSession(int maxBatch, int maxSeqLen) {
        this.maxBatch = maxBatch;
        this.maxSeqLen = maxSeqLen;
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    @Override
    public int maxSeqLen() {
        return maxSeqLen;
    }

    @Override
    public void prefill(int count, int[] slots, int[][] prompts, int[] firstTokens) {
        for (int i = 0; i < count; i++) {
            firstTokens[i] = prompts[i][prompts[i].length - 1];
        }
    }

    @Override
    public void decode(int count, int[] slots, int[] lastTokens, int[] nextTokens) {
        for (int i = 0; i < count; i++) {
            nextTokens[i] = lastTokens[i] + 1;
        }
    }

    @Override
    public void release(int slot) {}

    @Override
    public void close() {}
}
