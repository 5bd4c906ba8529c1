package io.jharness.harness.format;

import io.jharness.harness.results.RunReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes every format that applies to a report into a directory, each file atomically. */
public final class ResultsWriter {

    private final List<ResultFormat> formats;

    public ResultsWriter(List<ResultFormat> formats) {
        this.formats = List.copyOf(formats);
    }

    /** The data files: throughput.json, latency.json, serve_sweep.json, run.json and SUMMARY.txt. */
    public static List<ResultFormat> dataFormats() {
        return List.of(new ThroughputJson(), new LatencyJson(), new ServeSweepJson(), new RunJson(), new SummaryText());
    }

    /** @return the files written, in order */
    public List<Path> write(RunReport report, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        for (ResultFormat f : formats) {
            if (f.appliesTo(report)) {
                Path target = dir.resolve(f.fileName());
                try {
                    AtomicFiles.write(target, out -> f.write(report, out));
                } catch (IOException | RuntimeException e) {
                    throw new IOException("could not write " + target + ": " + e.getMessage(), e);
                }
                written.add(target);
            }
        }
        return written;
    }
}
