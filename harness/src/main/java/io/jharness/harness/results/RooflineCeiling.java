package io.jharness.harness.results;

/**
 * The memory bandwidth a run's decode steps are judged against, in {@code run.json}. Absent on
 * a run without a CUDA device.
 *
 * @param gpuName             the device's name as the CUDA driver reports it
 * @param copyGbPerSec        device-to-device copy bandwidth measured at start-up, read + write
 *                            counted (2 × bytes / time), in GB/s; null when it could not be measured
 * @param copyMib             size of the buffer copied, in MiB; null when not measured
 * @param datasheetGbPerSec   the GPU's peak memory bandwidth from NVIDIA's datasheet, in GB/s; null
 *                            for a GPU not in the harness's table
 */
public record RooflineCeiling(String gpuName, Double copyGbPerSec, Long copyMib, Double datasheetGbPerSec) {}
