package io.jharness.harness.results;

/**
 * What one throughput point's decode steps moved and computed against what the hardware allows:
 * the bytes and FLOPs a decode step must cost at the point's mean batch and context length (see
 * {@code io.jharness.harness.roofline.DecodeRoofline} for the formula), divided by the mean
 * decode step time.
 *
 * @param batchPerStep       sequences per decode step, averaged over the point's decode steps (below
 *                           the batch size when the last batch is partial)
 * @param contextLen         positions each sequence's attention reads, averaged over its decode
 *                           steps: prompt length + tokens generated so far
 * @param bytesPerStep       bytes a decode step must read and write (weights, KV cache, logits)
 * @param flopsPerStep       floating-point operations of a decode step (matmuls and attention)
 * @param stepMs             mean decode step time the figures divide by, in ms
 * @param timeBasis          {@code gpu} (CUDA-event time) or {@code wall} (host clock)
 * @param achievedGbPerSec   bytesPerStep / step time, in GB/s (10^9 bytes)
 * @param achievedTflops     flopsPerStep / step time, in TFLOP/s (10^12)
 * @param mbuDatasheet       model bandwidth utilization: achieved / the GPU's datasheet peak; null
 *                           where the peak is unknown (CPU, a GPU not in the table)
 * @param mbuCopy            achieved / the device-to-device copy bandwidth measured at start-up;
 *                           null where none was measured
 * @param exceedsCopyCeiling true when the achieved bandwidth is above the measured copy ceiling,
 *                           which no real step can be: a measurement error; null without a ceiling
 */
public record PointRoofline(
        double batchPerStep,
        double contextLen,
        long bytesPerStep,
        long flopsPerStep,
        double stepMs,
        String timeBasis,
        double achievedGbPerSec,
        double achievedTflops,
        Double mbuDatasheet,
        Double mbuCopy,
        Boolean exceedsCopyCeiling) {

    public static final String GPU = "gpu";
    public static final String WALL = "wall";
}
