package io.jharness.harness.roofline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The formula on shapes worked out by hand. */
class DecodeRooflineTest {

    /** models/fixtures/tiny-gpt2.json: V 512, h 64, L 2, H = H_kv 4, D 16, 256 positions, float32, tied. */
    static final ModelShape TINY_GPT2 = new ModelShape("gpt2", "float32", 149_248, 2, 4, 4, 16, 64, 512, true, 256 * 64);

    /** examples/h100-gpt2-medium/model.json: 355M, float16, 1024 learned positions, tied. */
    static final ModelShape GPT2_MEDIUM =
            new ModelShape("gpt2", "float16", 354_823_168, 24, 16, 16, 64, 1024, 50_257, true, 1024L * 1024);

    @Test
    void tinyGpt2() {
        // W = 149,248 - 16,384 position table = 132,864 (the tied embedding stays: the LM head reads it).
        assertEquals(132_864, DecodeRoofline.matmulParams(TINY_GPT2));
        assertEquals(531_456, DecodeRoofline.weightBytes(TINY_GPT2));
        // K and V per position: 2 x 2 layers x 4 heads x 16 x 4 bytes = 1,024.
        assertEquals(1_024, DecodeRoofline.kvBytesPerPosition(TINY_GPT2));
        // B 4, C 100: 531,456 + 1,024 x 100 x 4 + 1,024 x 4 + 4 x 512 x 4 = 953,344.
        assertEquals(953_344, DecodeRoofline.bytesPerStep(TINY_GPT2, 4, 100));
        // 2 x 132,864 x 4 + 4 x 2 x 4 x 16 x 100 x 4 = 1,062,912 + 204,800.
        assertEquals(1_267_712, DecodeRoofline.flopsPerStep(TINY_GPT2, 4, 100));
    }

    @Test
    void gpt2MediumAtBatchOne() {
        // The example run: prompt 128, 128 tokens, so C = 128 + 64.
        // W = 354,823,168 - 1,048,576 = 353,774,592 parameters, 2 bytes each.
        assertEquals(707_549_184, DecodeRoofline.weightBytes(GPT2_MEDIUM));
        // 707,549,184 + 98,304 x 192 + 98,304 + 50,257 x 4 = 726,722,884.
        assertEquals(726_722_884, DecodeRoofline.bytesPerStep(GPT2_MEDIUM, 1, 192));
        // 2 x 353,774,592 + 4 x 24 x 16 x 64 x 192 = 707,549,184 + 18,874,368.
        assertEquals(726_423_552, DecodeRoofline.flopsPerStep(GPT2_MEDIUM, 1, 192));
    }

    @Test
    void anUntiedModelOnlyLooksItsInputEmbeddingUp() {
        // 1M parameters, V 1000 x h 100 input embedding (looked up, not read), its own LM head inside
        // the 1M; grouped-query: 4 query heads, 2 KV heads of 25; bfloat16; RoPE (no position table).
        ModelShape m = new ModelShape("llama", "bfloat16", 1_000_000, 2, 4, 2, 25, 100, 1_000, false, 0);
        assertEquals(900_000, DecodeRoofline.matmulParams(m));
        // B 2, C 10: 1,800,000 + 400 x 10 x 2 + 400 x 2 + 2 x 1,000 x 4 = 1,816,800.
        assertEquals(1_816_800, DecodeRoofline.bytesPerStep(m, 2, 10));
        // 2 x 900,000 x 2 + 4 x 2 x 4 x 25 x 10 x 2 (query heads) = 3,600,000 + 16,000.
        assertEquals(3_616_000, DecodeRoofline.flopsPerStep(m, 2, 10));
    }

    @Test
    void aFractionalMeanBatchIsLinear() {
        double whole = DecodeRoofline.bytesPerStep(TINY_GPT2, 4, 100) - DecodeRoofline.weightBytes(TINY_GPT2);
        double half = DecodeRoofline.bytesPerStep(TINY_GPT2, 2, 100) - DecodeRoofline.weightBytes(TINY_GPT2);
        assertEquals(whole / 2, half, 1e-9);
    }
}
