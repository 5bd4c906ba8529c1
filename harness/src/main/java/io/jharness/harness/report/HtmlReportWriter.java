package io.jharness.harness.report;

import io.jharness.harness.config.UsageException;
import io.jharness.harness.format.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the report file atomically: readers see the old file or the whole new one. */
public final class HtmlReportWriter {

    private HtmlReportWriter() {}

    /**
     * Checks that {@code target} can be written before any work is done: its directory exists and
     * is writable, and it is not itself a directory.
     *
     * @throws UsageException naming the file and why not
     */
    public static void checkWritable(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        if (Files.isDirectory(target)) {
            throw new UsageException("-o " + target + " is a directory; give a file name such as report.html");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException("-o " + target + ": its directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new UsageException("-o " + target + ": its directory " + dir + " is not writable");
        }
    }

    /** @throws UsageException when the file cannot be written, naming it and why */
    public static void write(Path target, String html) {
        try {
            AtomicFiles.write(target, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UsageException("cannot write -o " + target + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
