package io.jharness.harness.bench;

import io.jharness.engine.EngineSession;

/**
 * A test double for the overhead benchmarks: an engine session whose steps return at once. It does
 * no model work; it only writes a deterministic token per sequence (the prompt's last token for a
 * prefill, the last token plus one for a decode, modulo the vocabulary), so what a benchmark times
 * around it is the harness's own work. Never offered as an engine to users.
 */
final class NoopEngine implements EngineSession {

    private final int maxBatch;
    private final int maxSeqLen;
    private final int vocabSize;

    NoopEngine(int maxBatch, int maxSeqLen, int vocabSize) {
        this.maxBatch = maxBatch;
        this.maxSeqLen = maxSeqLen;
        this.vocabSize = vocabSize;
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
            int[] p = prompts[i];
            firstTokens[i] = p[p.length - 1];
        }
    }

    @Override
    public void decode(int count, int[] slots, int[] lastTokens, int[] nextTokens) {
        for (int i = 0; i < count; i++) {
            int t = lastTokens[i] + 1;
            nextTokens[i] = t == vocabSize ? 0 : t;
        }
    }

    @Override
    public void release(int slot) {}

    @Override
    public void close() {}
}
