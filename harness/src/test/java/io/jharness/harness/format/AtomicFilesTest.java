package io.jharness.harness.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("throughput.json");
        AtomicFiles.write(target, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("interrupted");
        }));
        assertEquals("old", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void filesAreReadableByOthers() throws IOException {
        Path target = dir.resolve("run.json");
        AtomicFiles.write(target, out -> out.write('x'));
        assertTrue(Files.getPosixFilePermissions(target).contains(PosixFilePermission.OTHERS_READ)
                || !Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_READ));
    }

    @Test
    void anExistingFileIsNoResultsDirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        var e = assertThrows(io.jharness.harness.config.UsageException.class,
                () -> ResultsDirectory.prepare(file, LocalDateTime.now()));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
        var e2 = assertThrows(io.jharness.harness.config.UsageException.class,
                () -> ResultsDirectory.prepare(file.resolve("sub"), LocalDateTime.now()));
        assertTrue(e2.getMessage().startsWith("cannot write to --output-dir"), e2.getMessage());
    }

    @Test
    void textTableAlignsColumns() {
        String t = new TextTable("name", "value").row("a", "1").row("longer", "1000").render();
        assertEquals(String.join(System.lineSeparator(), "name    value", "-------------", "a           1",
                "longer   1000", ""), t);
    }
}
