package io.jharness.harness.results;

import java.util.Map;

/**
 * How many rows the engine really ran each decode step with, for engines that report it
 * ({@code jh_last_step_rows}): an engine that replays CUDA graphs captured for some batch sizes pads
 * a step up to the nearest one, so a step of 36 sequences may run 64 rows.
 *
 * @param stepsByRows decode steps by the rows they ran, e.g. {@code {"64": 504}}
 * @param paddedSteps the decode steps that ran more rows than they had sequences
 */
public record DecodeRows(Map<String, Long> stepsByRows, long paddedSteps) {}
