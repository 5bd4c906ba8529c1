package io.jharness.harness.results;

/**
 * Times of one kind of engine step (prefill or decode) over a measurement.
 *
 * @param steps          steps timed
 * @param wallTotalSec   their wall time added up
 * @param wallMs         the distribution of wall time per step
 * @param gpuTotalSec    their device time added up; null when the timer measures none
 * @param gpuMs          the distribution of device time per step; null when not measured
 * @param hostOverheadMs wall minus device time per step (launch gaps, host work); null when not measured
 */
public record StepTimeSummary(
        long steps,
        double wallTotalSec,
        DistributionSummary wallMs,
        Double gpuTotalSec,
        DistributionSummary gpuMs,
        DistributionSummary hostOverheadMs) {}
