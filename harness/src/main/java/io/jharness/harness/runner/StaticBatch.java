package io.jharness.harness.runner;

import io.jharness.engine.EngineException;
import io.jharness.engine.EngineSession;
import io.jharness.engine.timing.StepKind;
import io.jharness.engine.timing.StepTimer;

/**
 * Runs static batches on one session: a batch of prompts is prefilled together and then decoded
 * together, one token per sequence per step, until each has {@code maxTokens} tokens. Every
 * step is timed; the buffers are allocated once, so the steady state allocates nothing.
 */
final class StaticBatch {

    private final EngineSession session;
    private final StepTimer timer;
    private final int vocabSize;
    private final StepGuard guard;
    private final int[] slots;
    private final int[][] batchPrompts;
    private int[] last;
    private int[] next;

    StaticBatch(EngineSession session, StepTimer timer, int vocabSize) {
        this(session, timer, vocabSize, StepGuard.NONE);
    }

    /** @param guard checked before every step: a deadline passed or a stop asked ends the batch there */
    StaticBatch(EngineSession session, StepTimer timer, int vocabSize, StepGuard guard) {
        this.session = session;
        this.guard = guard;
        this.timer = timer;
        this.vocabSize = vocabSize;
        int n = session.maxBatch();
        this.slots = new int[n];
        for (int i = 0; i < n; i++) {
            slots[i] = i;
        }
        this.batchPrompts = new int[n][];
        this.last = new int[n];
        this.next = new int[n];
    }

    /**
     * Generates {@code maxTokens} tokens for each of {@code prompts[from, from + count)}.
     *
     * @return tokens generated: {@code count * maxTokens}, every sequence counted
     */
    long run(int[][] prompts, int from, int count, int maxTokens, StepObserver observer) {
        System.arraycopy(prompts, from, batchPrompts, 0, count);
        try {
            guard.check();
            timer.begin();
            session.prefill(count, slots, batchPrompts, next);
            timer.end();
            checkTokens(count);
            observer.onStep(StepKind.PREFILL, count, timer);
            for (int t = 1; t < maxTokens; t++) {
                int[] swap = last;
                last = next;
                next = swap;
                guard.check();
                timer.begin();
                session.decode(count, slots, last, next);
                timer.end();
                checkTokens(count);
                observer.onStep(StepKind.DECODE, count, timer);
            }
        } finally {
            for (int i = 0; i < count; i++) {
                session.release(slots[i]);
            }
        }
        return (long) count * maxTokens;
    }

    /** A token outside the vocabulary means the engine computed garbage; never count it. */
    private void checkTokens(int count) {
        for (int i = 0; i < count; i++) {
            int t = next[i];
            if (t < 0 || t >= vocabSize) {
                throw new EngineException("the engine returned token id " + t + " for sequence " + i
                        + ", outside its vocabulary [0, " + vocabSize + "): its output cannot be trusted");
            }
        }
    }
}
