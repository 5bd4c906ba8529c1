package io.jharness.harness.results;

import java.util.List;

/**
 * One {@code --resume} of a run, as {@code run.json} records it.
 *
 * @param at                when the resume started (ISO-8601)
 * @param previousStatus    the run's status before it: {@code interrupted}, {@code partial}, {@code running}...
 * @param previousStartedAt when the run it resumed had started
 * @param kept              points taken from the earlier run, not run again ({@code 8}, {@code rate=4}, {@code latency})
 * @param rerun             points run (again) by the resume
 */
public record ResumeNote(String at, String previousStatus, String previousStartedAt, List<String> kept,
        List<String> rerun) {

    public ResumeNote {
        kept = List.copyOf(kept);
        rerun = List.copyOf(rerun);
    }
}
