package io.jharness.engine.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineSession;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Long runs must not hold on to native memory: every tensor a step makes lives in a scope that
 * the step closes, and the KV cache is the session's, freed when it closes.
 */
class DjlNativeMemoryTest {

    private static final int BATCH = 4;
    private static final int DECODES_PER_ROUND = 50; // prompts of 4..10 tokens: at most 61 of 64 positions

    /** Runs rounds of prefill + decodes at batch 4 until {@code decodes} decode steps ran. */
    private static void run(EngineSession s, SplittableRandom random, int decodes) {
        int[] slots = {0, 1, 2, 3};
        int[] next = new int[BATCH];
        int[] last = new int[BATCH];
        int done = 0;
        while (done < decodes) {
            int[][] prompts = new int[BATCH][];
            for (int i = 0; i < BATCH; i++) {
                prompts[i] = random.ints(4 + random.nextInt(7), 0, 512).toArray();
            }
            s.prefill(BATCH, slots, prompts, next);
            for (int t = 0; t < DECODES_PER_ROUND && done < decodes; t++, done++) {
                System.arraycopy(next, 0, last, 0, BATCH);
                s.decode(BATCH, slots, last, next);
            }
            for (int slot : slots) {
                s.release(slot);
            }
        }
    }

    @Test
    void stepsLeaveNoTensorsBehind() {
        try (Engine engine = DjlTestSupport.create("tiny-gpt2")) {
            long loaded = DjlTestSupport.liveNativeObjects(engine);
            SplittableRandom random = new SplittableRandom(1);
            try (EngineSession s = engine.open(BATCH, 64)) {
                long opened = DjlTestSupport.liveNativeObjects(engine);
                // A session holds its scope and its K and V caches: a handful of objects, not per-step ones.
                assertTrue(opened > loaded && opened <= loaded + 4,
                        "objects after open: " + opened + ", after load: " + loaded);
                run(s, random, 500);
                assertEquals(opened, DjlTestSupport.liveNativeObjects(engine), "objects after 500 decode steps at batch 4");
                // Prefill steps, whose inputs are larger, leave nothing behind either.
                int[] out = new int[BATCH];
                s.prefill(BATCH, new int[] {0, 1, 2, 3}, new int[][] {{1}, {2}, {3}, {4}}, out);
                assertEquals(opened, DjlTestSupport.liveNativeObjects(engine), "objects after a prefill");
            }
            assertEquals(loaded, DjlTestSupport.liveNativeObjects(engine), "objects after the session closed");
        }
    }

    /**
     * RSS once the Java heap has been collected and G1 has handed back what it uncommits
     * (concurrently, after the collection), so heap churn does not read as native growth.
     */
    private static long settledRssKb() throws InterruptedException {
        System.gc();
        long previous = DjlTestSupport.rssKb();
        for (int i = 0; i < 40; i++) {
            Thread.sleep(50);
            long now = DjlTestSupport.rssKb();
            if (Math.abs(now - previous) < 256) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    @Test
    void residentMemoryDoesNotGrowOverALongRun() throws InterruptedException {
        try (Engine engine = DjlTestSupport.create("tiny-gpt2"); EngineSession s = engine.open(BATCH, 64)) {
            SplittableRandom random = new SplittableRandom(2);
            run(s, random, 400); // warm up: allocator pools, JIT, libtorch's first-use buffers
            long before = settledRssKb();
            long start = System.nanoTime();
            run(s, random, 2000);
            long ms = (System.nanoTime() - start) / 1_000_000;
            long rawAfter = DjlTestSupport.rssKb();
            long after = settledRssKb();
            long growthKb = after - before;
            System.out.printf("DjlNativeMemoryTest: RSS %d kB -> %d kB over 2000 decode steps at batch %d in %d ms "
                    + "(growth %+d kB after GC; %d kB before GC)%n", before, after, BATCH, ms, growthKb, rawAfter);
            assertTrue(growthKb < 50 * 1024, "RSS grew by " + growthKb + " kB over 2000 decode steps");
        }
    }
}
