package io.jharness.harness.workload;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a Mooncake-style JSONL trace: one JSON object a line,
 * {@code {"timestamp": 27, "input_length": 6955, "output_length": 52, "hash_ids": [46, 47, 48]}}.
 *
 * <ul>
 *   <li>{@code timestamp}: milliseconds, any finite number {@code >= 0} (integer or not).
 *   <li>{@code input_length}, {@code output_length}: whole numbers {@code >= 1} within int range. A value
 *       written with a fraction or exponent is accepted only when it is exactly whole ({@code 12.0},
 *       {@code 1e3}); {@code 12.7}, {@code "12"}, {@code true} and {@code null} are malformed, never coerced.
 *   <li>{@code hash_ids}: optional (absent or {@code null} means none); an array of whole numbers within
 *       int range.
 *   <li>Other fields are ignored. Blank lines are skipped silently; a UTF-8 byte order mark is ignored.
 *       Duplicate fields and anything after the object on its line make the line malformed.
 * </ul>
 *
 * <p>A malformed line either fails the read with an {@link IllegalArgumentException} such as
 * {@code trace.jsonl line 17: 'input_length' is missing}, or, with {@link TraceOptions#skipMalformed()},
 * is skipped and counted in {@link Trace#skipped()}. A line that is not valid UTF-8 is a malformed line.
 *
 * <p>Order: requests are sorted by timestamp (stable: equal timestamps keep file order), since a replay
 * sends them in time order, and arrivals are relative to the earliest timestamp, so the first request
 * arrives at 0: {@code arrivalNanos = round((timestamp - earliest) * 1e6 * timeScale)}.
 * {@link TraceOptions#limit()} takes the first N valid requests <em>in file order</em> and stops reading
 * there (a quick run over the head of a huge file never reads the rest); those N are then sorted. For a
 * file already in time order, as Mooncake's are, that is the N earliest.
 */
public final class TraceReader {

    /** At most this many problems are kept in {@link Trace#problems()}. */
    public static final int MAX_PROBLEMS = 10;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private TraceReader() {}

    /**
     * Reads a trace file (UTF-8).
     *
     * @throws IllegalArgumentException for a malformed line (unless skipped), a file with no valid
     *     request, or a timestamp so far after the earliest that its arrival does not fit in a long
     * @throws IOException if the file cannot be read
     */
    public static Trace read(Path path, TraceOptions options) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString(), options);
        }
    }

    /**
     * Reads a trace from UTF-8 bytes; {@code name} starts every message (a file name, or
     * {@code <stdin>}). A line that is not valid UTF-8 is a malformed line. The stream is not closed.
     */
    public static Trace read(InputStream in, String name, TraceOptions options) throws IOException {
        return read(new ByteLines(in), name, options);
    }

    /**
     * Reads a trace from text that is already decoded; {@code name} starts every message. A decoding
     * error the reader throws fails the read (its line number is approximate: readers decode ahead).
     * The reader is not closed.
     */
    public static Trace read(BufferedReader reader, String name, TraceOptions options) throws IOException {
        return read(() -> {
            try {
                return reader.readLine();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(name + ": not valid text (" + e + ")", e);
            }
        }, name, options);
    }

    /** Lines of text; {@code null} at the end. */
    private interface LineSource {
        String next() throws IOException, Malformed;
    }

    private static Trace read(LineSource source, String name, TraceOptions options) throws IOException {
        List<Line> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int skipped = 0;
        int lineNo = 0;
        while (options.limit() == 0 || lines.size() < options.limit()) {
            try {
                String text = source.next();
                if (text == null) {
                    break;
                }
                lineNo++;
                if (lineNo == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (!text.isBlank()) {
                    lines.add(parse(text, lineNo));
                }
            } catch (Malformed e) {
                if (e.unread) {
                    lineNo++;
                }
                String problem = "line " + lineNo + ": " + e.getMessage();
                if (!options.skipMalformed()) {
                    throw new IllegalArgumentException(name + " " + problem);
                }
                skipped++;
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add(problem);
                }
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(name + " has no requests"
                    + (skipped == 0 ? "" : ": all " + skipped + " non-blank lines are malformed (first: "
                            + problems.getFirst() + ")"));
        }
        lines.sort(Comparator.comparingDouble(Line::timestampMs));
        double earliest = lines.getFirst().timestampMs();
        List<TraceRequest> requests = new ArrayList<>(lines.size());
        for (Line l : lines) {
            double nanos = (l.timestampMs() - earliest) * 1e6 * options.timeScale();
            if (!(nanos < 0x1p63)) {
                throw new IllegalArgumentException(name + " line " + l.lineNo() + ": 'timestamp' " + l.timestampMs()
                        + " is too far after the earliest request (" + earliest + ") to replay (over 292 years)");
            }
            requests.add(new TraceRequest(Math.round(nanos), l.inputLen(), l.outputLen(), l.hashIds()));
        }
        return new Trace(requests, skipped, problems);
    }

    /**
     * Lines of UTF-8 bytes, split on {@code \n} (a {@code \r} before it is dropped) and decoded one at a
     * time, so a line of bad bytes is one malformed line with the right number.
     */
    private static final class ByteLines implements LineSource {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int pos;
        private int end;
        private byte[] line = new byte[256];

        ByteLines(InputStream in) {
            this.in = in;
        }

        @Override
        public String next() throws IOException, Malformed {
            int length = 0;
            boolean any = false;
            while (true) {
                if (pos == end) {
                    end = in.read(buffer);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        if (!any) {
                            return null;
                        }
                        break;
                    }
                }
                any = true;
                byte b = buffer[pos++];
                if (b == '\n') {
                    break;
                }
                if (length == line.length) {
                    line = Arrays.copyOf(line, length * 2);
                }
                line[length++] = b;
            }
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(line, 0, length)).toString();
            } catch (CharacterCodingException e) {
                Malformed m = new Malformed("not valid UTF-8 text");
                m.unread = true;
                throw m;
            }
        }
    }

    private record Line(int lineNo, double timestampMs, int inputLen, int outputLen, int[] hashIds) {}

    /** A line's problem; the message is what is wrong, without the line number. */
    private static final class Malformed extends Exception {
        /** Thrown by a {@link LineSource}: the line was not counted yet. */
        boolean unread;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private static Line parse(String text, int lineNo) throws Malformed {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            String why = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            throw new Malformed("not valid JSON" + (column > 0 ? " at column " + column : "") + " ("
                    + oneLine(why, 160) + ")");
        }
        if (node == null || !node.isObject()) {
            throw new Malformed("expected a JSON object, found " + (node == null ? "nothing" : show(node)));
        }
        JsonNode ts = node.get("timestamp");
        if (ts == null) {
            throw new Malformed("'timestamp' is missing");
        }
        if (!ts.isNumber()) {
            throw new Malformed("'timestamp' must be a number of milliseconds, found " + show(ts));
        }
        double timestamp = ts.doubleValue();
        if (!Double.isFinite(timestamp) || timestamp < 0) {
            throw new Malformed("'timestamp' must be a finite number >= 0, found " + show(ts));
        }
        int input = length(node, "input_length");
        int output = length(node, "output_length");
        int[] hashIds = new int[0];
        JsonNode ids = node.get("hash_ids");
        if (ids != null && !ids.isNull()) {
            if (!ids.isArray()) {
                throw new Malformed("'hash_ids' must be an array of whole numbers, found " + show(ids));
            }
            hashIds = new int[ids.size()];
            for (int i = 0; i < hashIds.length; i++) {
                hashIds[i] = wholeInt(ids.get(i), "'hash_ids'[" + i + "]");
            }
        }
        return new Line(lineNo, timestamp, input, output, hashIds);
    }

    private static int length(JsonNode object, String field) throws Malformed {
        JsonNode n = object.get(field);
        if (n == null) {
            throw new Malformed("'" + field + "' is missing");
        }
        int v = wholeInt(n, "'" + field + "'");
        if (v < 1) {
            throw new Malformed("'" + field + "' must be >= 1, found " + show(n));
        }
        return v;
    }

    /** The node as an int, if it is a number that is exactly a whole number within int range. */
    private static int wholeInt(JsonNode n, String what) throws Malformed {
        if (!n.isNumber()) {
            throw new Malformed(what + " must be a whole number, found " + show(n));
        }
        if (n.isIntegralNumber()) {
            if (!n.canConvertToInt()) {
                throw new Malformed(what + " is out of range, found " + show(n));
            }
            return n.intValue();
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d) || d != Math.rint(d)) {
            throw new Malformed(what + " must be a whole number, found " + show(n));
        }
        if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            throw new Malformed(what + " is out of range, found " + show(n));
        }
        return (int) d;
    }

    /** The node as JSON, shortened for a message. */
    private static String show(JsonNode n) {
        if (n.isNumber() && !Double.isFinite(n.doubleValue())) {
            return n.doubleValue() > 0 ? "Infinity (too large)" : "-Infinity (too large)";
        }
        String kind = switch (n.getNodeType()) {
            case STRING -> "a string ";
            case BOOLEAN -> "a boolean ";
            case ARRAY -> "an array ";
            case OBJECT -> "an object ";
            default -> "";
        };
        return kind + oneLine(n.toString(), 40);
    }

    private static String oneLine(String s, int max) {
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() <= max ? t : t.substring(0, max) + "...";
    }
}
