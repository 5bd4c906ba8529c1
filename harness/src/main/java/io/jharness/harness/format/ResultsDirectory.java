package io.jharness.harness.format;

import io.jharness.harness.config.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where a run's files go: the directory the user named, or {@code results/<timestamp>} with a
 * {@code results/latest} link to the newest.
 */
public final class ResultsDirectory {

    /** The parent of default result directories. */
    public static final Path DEFAULT_ROOT = Path.of("results");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmmss");

    private final Path dir;
    private final boolean isDefault;

    private ResultsDirectory(Path dir, boolean isDefault) {
        this.dir = dir;
        this.isDefault = isDefault;
    }

    public Path path() {
        return dir;
    }

    /**
     * Creates the directory and checks that files can be written in it.
     *
     * @param requested the {@code --output-dir}, or null for {@code results/<timestamp>}
     * @throws UsageException when it cannot be created or written
     */
    public static ResultsDirectory prepare(Path requested, LocalDateTime now) {
        return prepare(requested, now, "");
    }

    /**
     * Like {@link #prepare(Path, LocalDateTime)}, with a default of {@code results/<prefix><timestamp>}
     * (e.g. {@code compare-} for comparisons).
     */
    public static ResultsDirectory prepare(Path requested, LocalDateTime now, String prefix) {
        Path dir = requested;
        boolean isDefault = requested == null;
        if (isDefault) {
            String stamp = prefix + STAMP.format(now);
            dir = DEFAULT_ROOT.resolve(stamp);
            for (int i = 2; Files.exists(dir); i++) {
                dir = DEFAULT_ROOT.resolve(stamp + "-" + i);
            }
        }
        String option = isDefault ? "results directory" : "--output-dir";
        if (!isDefault && dir.toString().isBlank()) {
            throw new UsageException("--output-dir is empty; name a directory");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException(option + " " + dir + " is a file, not a directory");
        }
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
        } catch (IOException | SecurityException e) {
            throw new UsageException("cannot write to " + option + " " + dir + ": " + describe(e));
        }
        return new ResultsDirectory(dir, isDefault);
    }

    /**
     * Points {@code results/latest} at this directory when it is a default one. Where links
     * cannot be made the link is skipped: it is a convenience, not a result.
     */
    public void linkLatest() {
        if (!isDefault) {
            return;
        }
        Path latest = DEFAULT_ROOT.resolve("latest");
        try {
            Path tmp = DEFAULT_ROOT.resolve(".latest-" + ProcessHandle.current().pid());
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, dir.getFileName());
            Files.move(tmp, latest, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // no link on this file system
        }
    }

    /** Removes a default directory that a failed run left empty, so no empty result stays behind. */
    public void removeIfEmpty() {
        if (!isDefault) {
            return;
        }
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // leave it
        }
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "its parent cannot be created there";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
