package io.jharness.harness.cli;

import io.jharness.harness.charts.Charts;
import io.jharness.harness.format.ResultFormat;
import io.jharness.harness.format.ResultsWriter;
import java.util.ArrayList;
import java.util.List;

/** Every file a run writes: data first, so a chart failure never costs the numbers. */
final class Outputs {

    /** Why charts cannot be drawn here, for the one line the user sees instead. */
    static final String NO_CHARTS = "charts skipped: this Java runtime has no java.desktop (the GPU bundle leaves it out); "
            + "render them with 'harness plot --throughput-data ... --latency-data ...' on a machine with a full JDK";

    private Outputs() {}

    /** Whether this runtime can draw charts (a jlinked runtime may lack AWT). */
    static boolean chartsAvailable() {
        return ModuleLayer.boot().findModule("java.desktop").isPresent();
    }

    static ResultsWriter all() {
        List<ResultFormat> formats = new ArrayList<>(ResultsWriter.dataFormats());
        if (chartsAvailable()) {
            formats.addAll(Charts.all());
        }
        return new ResultsWriter(formats);
    }

    static ResultsWriter charts() {
        return new ResultsWriter(Charts.all());
    }
}
