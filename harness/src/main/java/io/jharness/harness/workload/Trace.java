package io.jharness.harness.workload;

import java.util.List;

/**
 * A trace read by {@link TraceReader}.
 *
 * @param requests in arrival order (sorted by timestamp; equal timestamps keep file order), the first
 *     at 0 ns; never empty
 * @param skipped how many malformed lines were skipped (only with {@link TraceOptions#skipMalformed()})
 * @param problems the first few skipped lines' problems, e.g. {@code line 17: 'input_length' is missing}
 *     (at most {@link TraceReader#MAX_PROBLEMS}; {@code skipped} may be larger)
 */
public record Trace(List<TraceRequest> requests, int skipped, List<String> problems) {

    public Trace {
        requests = List.copyOf(requests);
        problems = List.copyOf(problems);
    }

    /** The last request's arrival, in nanoseconds after the first's. */
    public long durationNanos() {
        return requests.isEmpty() ? 0 : requests.getLast().arrivalNanos();
    }

    /**
     * A one-line summary of the skipped lines for the CLI, e.g.
     * {@code skipped 3 malformed lines (first: line 17: 'input_length' is missing)}; empty if none were.
     */
    public String skippedSummary() {
        if (skipped == 0) {
            return "";
        }
        return "skipped " + skipped + " malformed line" + (skipped == 1 ? "" : "s")
                + (problems.isEmpty() ? "" : " (first: " + problems.getFirst() + ")");
    }
}
