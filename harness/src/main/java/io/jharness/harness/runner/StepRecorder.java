package io.jharness.harness.runner;

import io.jharness.engine.EngineSession;
import io.jharness.engine.timing.StepKind;
import io.jharness.engine.timing.StepTimer;
import io.jharness.harness.metrics.StepStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The throughput sweep's observer: records each step's wall and device times into the prefill or
 * the decode {@link StepStats}, and, for engines that say so ({@link EngineSession#lastStepRows()}),
 * how many rows each decode step really ran: more than the step's sequences when the engine padded
 * it to a size it prepared (a CUDA graph captured for that batch size). Allocates nothing per step.
 */
final class StepRecorder implements StepObserver {

    private final StepStats prefill = new StepStats();
    private final StepStats decode = new StepStats();
    private EngineSession session;
    /** Decode steps by the rows they ran (index = rows); null until a session is watched. */
    private long[] decodeRows;
    private long paddedSteps;

    /** Reads the rows of each decode step from {@code session} from now on. */
    void watch(EngineSession session) {
        this.session = session;
        this.decodeRows = new long[session.maxBatch() + 1];
    }

    @Override
    public void onStep(StepKind kind, int count, StepTimer timer) {
        (kind == StepKind.PREFILL ? prefill : decode).record(timer);
        if (kind == StepKind.DECODE && session != null) {
            int rows = session.lastStepRows();
            if (rows >= count && rows < decodeRows.length) {
                decodeRows[rows]++;
                if (rows > count) {
                    paddedSteps++;
                }
            }
        }
    }

    /**
     * Decode steps by the rows the engine ran them with ({@code "64": 1200}), or null when the
     * engine does not report rows.
     */
    Map<String, Long> decodeRows() {
        if (decodeRows == null) {
            return null;
        }
        Map<String, Long> byRows = new LinkedHashMap<>();
        for (int rows = 1; rows < decodeRows.length; rows++) {
            if (decodeRows[rows] > 0) {
                byRows.put(Integer.toString(rows), decodeRows[rows]);
            }
        }
        return byRows.isEmpty() ? null : byRows;
    }

    /** Decode steps the engine ran with more rows than sequences. */
    long paddedSteps() {
        return paddedSteps;
    }

    StepStats prefill() {
        return prefill;
    }

    StepStats decode() {
        return decode;
    }
}
