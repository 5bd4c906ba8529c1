package io.jharness.harness.workload;

import java.util.SplittableRandom;

/**
 * Prompts made of random token ids. No tokenizer is involved, so every prompt's token count is
 * exactly what the length distribution drew. The same seed gives the same prompts.
 */
public final class SyntheticPrompts {

    private SyntheticPrompts() {}

    /**
     * Makes {@code count} prompts.
     *
     * @param vocabSize token ids are drawn from {@code [0, vocabSize)}
     */
    public static int[][] generate(int count, LengthDistribution lengths, int vocabSize, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] prompts = new int[count][];
        for (int i = 0; i < count; i++) {
            int[] p = new int[lengths.sample(random)];
            for (int j = 0; j < p.length; j++) {
                p[j] = random.nextInt(vocabSize);
            }
            prompts[i] = p;
        }
        return prompts;
    }
}
