package io.jharness.harness.format;

import io.jharness.harness.results.RunReport;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One output file of a run: a JSON result, the summary, a chart. Each format is one small class;
 * {@link ResultsWriter} writes every format that applies, each atomically.
 */
public interface ResultFormat {

    /** The file's name in the results directory, e.g. {@code throughput.json}. */
    String fileName();

    /** Whether the report has what this format shows. */
    boolean appliesTo(RunReport report);

    /** Writes the file's whole content. */
    void write(RunReport report, OutputStream out) throws IOException;
}
