package io.jharness.engine.nvml;

/**
 * Where {@link TelemetrySampler} gets its readings: one NVML device in production
 * ({@link Nvml.Device}), a fake in tests. Called from the sampler's thread only.
 */
interface SampleSource extends AutoCloseable {

    String deviceName();

    String driverVersion();

    /**
     * Fills {@code into} with a fresh reading, allocating nothing on success. {@code into} has been
     * {@linkplain RawSample#clear() cleared}. Throws (e.g. {@link NvmlException}) when the reading
     * failed as a whole.
     */
    void read(RawSample into);

    /** Releases what the source holds; the sampler calls it once, after its last read. */
    @Override
    void close();
}
