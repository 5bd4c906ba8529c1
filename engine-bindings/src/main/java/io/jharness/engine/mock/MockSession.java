package io.jharness.engine.mock;

import io.jharness.engine.EngineException;
import io.jharness.engine.EngineSession;
import java.util.SplittableRandom;

/**
 * A mock KV cache. Each slot keeps a running hash of its sequence, so the tokens depend on the
 * prompt and on every token before, as a model's would, and are the same for the same seed. A
 * step over {@code count} sequences writes {@code count} tokens: every sequence is counted.
 */
final class MockSession implements EngineSession {

    private final LatencyModel latency;
    private final int vocab;
    private final int maxBatch;
    private final int maxSeqLen;
    private final StepCostSpender spender;
    private final SplittableRandom noise;
    private final long seed;
    private final long[] state;
    private final int[] length;
    private final boolean[] active;
    private final boolean hangs;
    private boolean closed;

    MockSession(MockOptions options, long seed, int maxBatch, int maxSeqLen, StepCostSpender spender) {
        this.latency = options.latency();
        this.vocab = options.vocabSize();
        this.maxBatch = maxBatch;
        this.maxSeqLen = maxSeqLen;
        this.spender = spender;
        this.seed = seed;
        this.noise = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.state = new long[maxBatch];
        this.length = new int[maxBatch];
        this.active = new boolean[maxBatch];
        this.hangs = maxBatch == options.hangAtBatch();
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
        checkStep(count);
        // Every row is checked before any state changes: a rejected step changes nothing.
        for (int i = 0; i < count; i++) {
            int slot = checkSlot(slots[i]);
            if (active[slot]) {
                throw new EngineException("prefill into slot " + slot + ", which holds a sequence; release it first");
            }
            int[] prompt = prompts[i];
            if (prompt.length < 1 || prompt.length >= maxSeqLen) {
                throw new EngineException("prompt of " + prompt.length + " tokens does not fit slots of "
                        + maxSeqLen + " tokens with room to generate");
            }
            for (int token : prompt) {
                checkToken(token);
            }
        }
        long promptTokens = 0;
        for (int i = 0; i < count; i++) {
            int slot = slots[i];
            int[] prompt = prompts[i];
            long h = mix(seed ^ prompt.length);
            for (int token : prompt) {
                h = mix(h ^ token);
            }
            state[slot] = h;
            length[slot] = prompt.length + 1;
            active[slot] = true;
            firstTokens[i] = token(h);
            promptTokens += prompt.length;
        }
        spender.spend(withNoise(latency.prefillNanos(count, promptTokens)));
    }

    @Override
    public void decode(int count, int[] slots, int[] lastTokens, int[] nextTokens) {
        checkStep(count);
        for (int i = 0; i < count; i++) {
            int slot = checkSlot(slots[i]);
            if (!active[slot]) {
                throw new EngineException("decode of slot " + slot + ", which holds no sequence");
            }
            if (length[slot] >= maxSeqLen) {
                throw new EngineException("slot " + slot + " is full (" + maxSeqLen + " tokens)");
            }
            checkToken(lastTokens[i]);
        }
        for (int i = 0; i < count; i++) {
            int slot = slots[i];
            long h = mix(state[slot] ^ lastTokens[i]);
            state[slot] = h;
            length[slot]++;
            nextTokens[i] = token(h);
        }
        spender.spend(withNoise(latency.decodeNanos(count)));
    }

    @Override
    public void release(int slot) {
        active[checkSlot(slot)] = false;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkStep(int count) {
        if (closed) {
            throw new EngineException("the session is closed");
        }
        if (hangs) {
            hang();
        }
        if (count < 1 || count > maxBatch) {
            throw new EngineException("a step of " + count + " sequences in a session of " + maxBatch + " slots");
        }
    }

    /**
     * A step that never finishes by itself, as a wedged GPU kernel or a deadlocked engine would:
     * it returns (failing) only when its thread is interrupted. Spends no CPU while it waits.
     */
    private void hang() {
        Object never = new Object();
        synchronized (never) {
            try {
                while (true) {
                    never.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("a step of a session of " + maxBatch + " slots hung until interrupted (hang-at-batch="
                        + maxBatch + ")");
            }
        }
    }

    private int checkSlot(int slot) {
        if (slot < 0 || slot >= maxBatch) {
            throw new EngineException("slot " + slot + " is outside [0, " + maxBatch + ")");
        }
        return slot;
    }

    private int checkToken(int token) {
        if (token < 0 || token >= vocab) {
            throw new EngineException("token id " + token + " is outside the vocabulary [0, " + vocab + ")");
        }
        return token;
    }

    private int token(long h) {
        return (int) Math.floorMod(h, (long) vocab);
    }

    private long withNoise(long nanos) {
        if (latency.jitter() == 0) {
            return nanos;
        }
        // Clipped so a rare draw never makes a step free or negative.
        double factor = Math.max(0.5, 1.0 + latency.jitter() * noise.nextGaussian());
        return Math.round(nanos * factor);
    }

    /** SplitMix64's finalizer: a cheap, well-mixed 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
