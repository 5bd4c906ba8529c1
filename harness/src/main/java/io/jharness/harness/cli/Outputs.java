package io.jharness.harness.cli;

import io.jharness.harness.charts.Charts;
import io.jharness.harness.format.ResultFormat;
import io.jharness.harness.format.ResultsWriter;
import java.util.ArrayList;
import java.util.List;

/** Every file a run writes: data first, so a chart failure never costs the numbers. */
final class Outputs {

    private Outputs() {}

    static ResultsWriter all() {
        List<ResultFormat> formats = new ArrayList<>(ResultsWriter.dataFormats());
        formats.addAll(Charts.all());
        return new ResultsWriter(formats);
    }

    static ResultsWriter charts() {
        return new ResultsWriter(Charts.all());
    }
}
