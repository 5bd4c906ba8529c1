package io.jharness.harness.cli;

import io.jharness.harness.format.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Text files that whoever started a command adds to its results, beside the data and charts:
 * {@code harness run} adds the resolved {@code scenario.yaml}. Held by the {@link HarnessCli}
 * at the root of the command line, so a workload's command needs no knowledge of them.
 */
final class ResultAttachments {

    private final Map<String, String> files = new LinkedHashMap<>();

    /** Adds a file, written into the results directory when the run's results are. */
    void add(String fileName, String text) {
        files.put(fileName, text);
    }

    /**
     * Writes the attachments of the command line a command runs in, each atomically.
     *
     * @return the files written, in the order they were added
     */
    static List<Path> write(CommandSpec command, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        if (command.root().userObject() instanceof HarnessCli cli) {
            for (Map.Entry<String, String> f : cli.attachments.files.entrySet()) {
                Path target = dir.resolve(f.getKey());
                AtomicFiles.write(target, out -> out.write(f.getValue().getBytes(StandardCharsets.UTF_8)));
                written.add(target);
            }
        }
        return written;
    }
}
