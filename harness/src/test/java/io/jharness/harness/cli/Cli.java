package io.jharness.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Test support: runs the CLI in-process and checks what it printed and wrote. */
final class Cli {

    /** The line {@code --engine auto} prints when it falls back to the mock engine. */
    static final String AUTO_NOTE_PREFIX = "no GPU engine available";

    /** Chart files the harness may write; each is checked only when present. */
    static final List<String> CHART_FILES =
            List.of("throughput_chart.png", "latency_chart.png", "performance_overview.png");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A class name ending in Exception or Error, e.g. {@code NoSuchFileException}. */
    private static final Pattern THROWABLE_NAME = Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b");

    private Cli() {}

    /** What one run printed and returned. */
    record Result(String[] args, int exit, String out, String err) {

        List<String> errLines() {
            return err.lines().toList();
        }

        List<String> outLines() {
            return out.lines().toList();
        }

        /** For assertion messages: the command, its exit code and everything it printed. */
        String describe() {
            return "harness " + String.join(" ", args) + "\nexit: " + exit
                    + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err + "---";
        }
    }

    /** Runs {@code harness args...} in this JVM through {@link HarnessCli#execute}. */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            exit = HarnessCli.execute(args.clone(), o, e);
        }
        return new Result(args, exit, out.toString(), err.toString());
    }

    /** Fails when the text has a stack trace or a throwable's class name in it. */
    static void assertNoStackTrace(String text, String context) {
        assertFalse(text.contains("\tat "), () -> "stack trace frame in output:\n" + context);
        assertFalse(text.contains("Caused by"), () -> "stack trace cause in output:\n" + context);
        assertFalse(THROWABLE_NAME.matcher(text).find(), () -> "throwable class name in output:\n" + context);
    }

    /** Every file whose name starts with '.', anywhere under dir: temporary files a run left behind. */
    static List<Path> dotFiles(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir) && p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every path under dir, relative to it, sorted. */
    static List<String> tree(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each PNG in dir (the known chart names and any other *.png) must decode as an image. */
    static List<Path> assertPngsValid(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> pngs = files.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
            for (Path png : pngs) {
                assertValidPng(png);
            }
            return pngs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertValidPng(Path png) {
        try {
            byte[] head = new byte[8];
            try (var in = Files.newInputStream(png)) {
                assertEquals(8, in.readNBytes(head, 0, 8), png + " is too short to be a PNG");
            }
            assertEquals((byte) 0x89, head[0], png + " does not start with the PNG signature");
            assertEquals("PNG", new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII),
                    png + " does not start with the PNG signature");
            BufferedImage image = ImageIO.read(png.toFile());
            assertNotNull(image, png + " does not decode as an image");
            assertTrue(image.getWidth() > 0 && image.getHeight() > 0, png + " is empty");
        } catch (IOException e) {
            fail("cannot read " + png + ": " + e);
        }
    }

    /**
     * A mock throughput sweep at batch 1 and 8 of 16 prompts into {@code dir}, quiet, with
     * {@code extra} options; fails the test unless it exits 0.
     */
    static Path mockThroughput(Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of("throughput", "--engine", "mock", "--batch-sizes", "1,8",
                "--num-prompts", "16", "-q", "--output-dir", dir.toString()));
        args.addAll(List.of(extra));
        Result r = run(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        return dir;
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
