package io.jharness.harness.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceReaderTest {

    private static final String SMALL = """
            {"timestamp": 1000, "input_length": 10, "output_length": 5, "hash_ids": [1, 2]}
            {"timestamp": 1003, "input_length": 20, "output_length": 6}

            {"timestamp": 1010.5, "input_length": 30, "output_length": 7, "hash_ids": [1, 2, 3], "extra": "ignored"}
            {"timestamp": 2000, "input_length": 40, "output_length": 8, "hash_ids": null}
            """;

    private static Trace read(String text, TraceOptions options) throws IOException {
        return TraceReader.read(new BufferedReader(new StringReader(text)), "trace.jsonl", options);
    }

    private static long[] arrivals(Trace t) {
        return t.requests().stream().mapToLong(TraceRequest::arrivalNanos).toArray();
    }

    @Test
    void keepsTimestampsRelativeToTheFirstAndLengths() throws IOException {
        Trace t = read(SMALL, TraceOptions.DEFAULTS);
        assertEquals(List.of(
                new TraceRequest(0, 10, 5, new int[] {1, 2}),
                new TraceRequest(3_000_000, 20, 6, new int[0]),
                new TraceRequest(10_500_000, 30, 7, new int[] {1, 2, 3}),
                new TraceRequest(1_000_000_000, 40, 8, null)), t.requests());
        assertEquals(0, t.skipped());
        assertEquals(List.of(), t.problems());
        assertEquals("", t.skippedSummary());
        assertEquals(1_000_000_000, t.durationNanos());
    }

    @Test
    void timeScaleStretchesAndCompresses() throws IOException {
        assertArrayEquals(new long[] {0, 1_500_000, 5_250_000, 500_000_000},
                arrivals(read(SMALL, new TraceOptions(0.5, 0, false))));
        assertArrayEquals(new long[] {0, 6_000_000, 21_000_000, 2_000_000_000},
                arrivals(read(SMALL, new TraceOptions(2, 0, false))));
        assertArrayEquals(new long[] {0, 300_000, 1_050_000, 100_000_000},
                arrivals(read(SMALL, new TraceOptions(0.1, 0, false))), "no rounding drift");
    }

    @Test
    void limitTakesTheFirstValidRequests() throws IOException {
        Trace t = read(SMALL, new TraceOptions(1, 2, false));
        assertArrayEquals(new long[] {0, 3_000_000}, arrivals(t));
        assertEquals(20, t.requests().get(1).inputLen());
        // reading stops at the limit: a malformed line after it is never seen
        Trace u = read(SMALL + "not json\n", new TraceOptions(1, 4, false));
        assertEquals(4, u.requests().size());
        // skipped lines do not count towards the limit
        Trace v = read("{\"timestamp\": 0}\n" + SMALL, new TraceOptions(1, 2, true));
        assertEquals(2, v.requests().size());
        assertEquals(1, v.skipped());
    }

    @Test
    void hashIdsAreKeptAndCounted() throws IOException {
        Trace t = read(SMALL, TraceOptions.DEFAULTS);
        assertArrayEquals(new int[] {1, 2, 3}, t.requests().get(2).hashIds());
        assertEquals(3, t.requests().get(2).hashIdCount());
        assertEquals(0, t.requests().get(1).hashIdCount());
        assertEquals(0, t.requests().get(3).hashIdCount(), "null hash_ids means none");
        t.requests().get(2).hashIds()[0] = 99;
        assertEquals(1, t.requests().get(2).hashIds()[0], "the request is not changed through the accessor");
    }

    @Test
    void outOfOrderTimestampsAreSortedStablyAndRelativeToTheEarliest() throws IOException {
        Trace t = read("""
                {"timestamp": 50, "input_length": 1, "output_length": 1}
                {"timestamp": 20, "input_length": 2, "output_length": 1}
                {"timestamp": 50, "input_length": 3, "output_length": 1}
                {"timestamp": 20, "input_length": 4, "output_length": 1}
                {"timestamp": 30, "input_length": 5, "output_length": 1}
                """, TraceOptions.DEFAULTS);
        assertArrayEquals(new long[] {0, 0, 10_000_000, 30_000_000, 30_000_000}, arrivals(t));
        assertArrayEquals(new int[] {2, 4, 5, 1, 3}, t.requests().stream().mapToInt(TraceRequest::inputLen).toArray());
    }

    @Test
    void epochMillisecondTimestampsStayExact() throws IOException {
        Trace t = read("""
                {"timestamp": 1717171717171, "input_length": 1, "output_length": 1}
                {"timestamp": 1717171717172, "input_length": 1, "output_length": 1}
                {"timestamp": 1717171727171.25, "input_length": 1, "output_length": 1}
                """, TraceOptions.DEFAULTS);
        assertArrayEquals(new long[] {0, 1_000_000, 10_000_250_000L}, arrivals(t));
    }

    @Test
    void wholeNumbersWithAFractionOrExponentAreAccepted() throws IOException {
        Trace t = read("{\"timestamp\": 0, \"input_length\": 12.0, \"output_length\": 1e3, \"hash_ids\": [4.0]}",
                TraceOptions.DEFAULTS);
        assertEquals(new TraceRequest(0, 12, 1000, new int[] {4}), t.requests().getFirst());
    }

    @Test
    void blankLinesWindowsLineEndsAndAByteOrderMarkAreFine() throws IOException {
        Trace t = read("\uFEFF{\"timestamp\": 0, \"input_length\": 1, \"output_length\": 2}\r\n\r\n   \t\r\n"
                + "{\"timestamp\": 1, \"input_length\": 3, \"output_length\": 4}\r\n\n", TraceOptions.DEFAULTS);
        assertEquals(2, t.requests().size());
        assertEquals(0, t.skipped());
        byte[] bytes = ("\uFEFF{\"timestamp\": 0, \"input_length\": 1, \"output_length\": 2}\r\n\r\n   \t\r\n"
                + "{\"timestamp\": 1, \"input_length\": 3, \"output_length\": 4}").getBytes(StandardCharsets.UTF_8);
        Trace b = TraceReader.read(new ByteArrayInputStream(bytes), "<stdin>", TraceOptions.DEFAULTS);
        assertEquals(t, b, "bytes and text read alike, with or without a final line end");
    }

    @Test
    void longLinesAndManyLinesFromBytes() throws IOException {
        StringBuilder text = new StringBuilder();
        int[] ids = new int[20_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        text.append("{\"timestamp\": 0, \"input_length\": 7, \"output_length\": 1, \"hash_ids\": ")
                .append(java.util.Arrays.toString(ids)).append("}\n");
        for (int i = 1; i <= 50_000; i++) {
            text.append("{\"timestamp\": ").append(i).append(", \"input_length\": ").append(i)
                    .append(", \"output_length\": 1, \"note\": \"\u00e9\u4e2d\"}\n");
        }
        Trace t = TraceReader.read(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
                "big.jsonl", TraceOptions.DEFAULTS);
        assertEquals(50_001, t.requests().size());
        assertArrayEquals(ids, t.requests().getFirst().hashIds());
        assertEquals(50_000_000_000L, t.durationNanos());
        assertEquals(50_000, t.requests().getLast().inputLen());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not json                                                          | not valid JSON at column 4 (Unrecognized token 'not'
            `{"timestamp": 1, "input_length": 2, "output_length": 3`          | not valid JSON
            `{"timestamp": 1, "input_length": 2, "output_length": 3} {}`      | not valid JSON
            `{"timestamp": 1, "input_length": 2, "input_length": 9, "output_length": 3}` | not valid JSON at column 51 (Duplicate field 'input_length')
            `[1, 2, 3]`                                                       | expected a JSON object, found an array [1,2,3]
            `"hello"`                                                         | expected a JSON object, found a string "hello"
            `{"input_length": 2, "output_length": 3}`                         | 'timestamp' is missing
            `{"timestamp": 1, "output_length": 3}`                            | 'input_length' is missing
            `{"timestamp": 1, "input_length": 2}`                             | 'output_length' is missing
            `{"timestamp": "1", "input_length": 2, "output_length": 3}`       | 'timestamp' must be a number of milliseconds, found a string "1"
            `{"timestamp": null, "input_length": 2, "output_length": 3}`      | 'timestamp' must be a number of milliseconds, found null
            `{"timestamp": -5, "input_length": 2, "output_length": 3}`        | 'timestamp' must be a finite number >= 0, found -5
            `{"timestamp": 1e400, "input_length": 2, "output_length": 3}`     | 'timestamp' must be a finite number >= 0, found Infinity (too large)
            `{"timestamp": NaN, "input_length": 2, "output_length": 3}`       | not valid JSON
            `{"timestamp": 1, "input_length": 12.7, "output_length": 3}`      | 'input_length' must be a whole number, found 12.7
            `{"timestamp": 1, "input_length": "12", "output_length": 3}`      | 'input_length' must be a whole number, found a string "12"
            `{"timestamp": 1, "input_length": true, "output_length": 3}`      | 'input_length' must be a whole number, found a boolean true
            `{"timestamp": 1, "input_length": null, "output_length": 3}`      | 'input_length' must be a whole number, found null
            `{"timestamp": 1, "input_length": 0, "output_length": 3}`         | 'input_length' must be >= 1, found 0
            `{"timestamp": 1, "input_length": 2, "output_length": -3}`        | 'output_length' must be >= 1, found -3
            `{"timestamp": 1, "input_length": 3000000000, "output_length": 3}` | 'input_length' is out of range, found 3000000000
            `{"timestamp": 1, "input_length": 2, "output_length": 3, "hash_ids": 5}` | 'hash_ids' must be an array of whole numbers, found 5
            `{"timestamp": 1, "input_length": 2, "output_length": 3, "hash_ids": [1, "x"]}` | 'hash_ids'[1] must be a whole number, found a string "x"
            `{"timestamp": 1, "input_length": 2, "output_length": 3, "hash_ids": [1.5]}` | 'hash_ids'[0] must be a whole number, found 1.5
            """)
    void eachMalformationIsFatalWithLineNumberAndReason(String bad, String reason) throws IOException {
        String text = """
                {"timestamp": 0, "input_length": 1, "output_length": 1}

                {"timestamp": 5, "input_length": 1, "output_length": 1}
                """ + bad + "\n" + """
                {"timestamp": 9, "input_length": 1, "output_length": 1}
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(text, TraceOptions.DEFAULTS));
        assertTrue(e.getMessage().startsWith("trace.jsonl line 4: " + reason), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());

        Trace t = read(text, new TraceOptions(1, 0, true));
        assertEquals(3, t.requests().size());
        assertArrayEquals(new long[] {0, 5_000_000, 9_000_000}, arrivals(t));
        assertEquals(1, t.skipped());
        assertTrue(t.problems().getFirst().startsWith("line 4: " + reason), t.problems().getFirst());
    }

    @Test
    void skippedLinesAreCountedWithTheFirstProblemsKept() throws IOException {
        StringBuilder text = new StringBuilder("{\"timestamp\": 0, \"input_length\": 1, \"output_length\": 1}\n");
        for (int i = 0; i < 15; i++) {
            text.append("{\"timestamp\": 1, \"input_length\": 1}\n");
        }
        text.append("\n{\"timestamp\": 2, \"input_length\": 1, \"output_length\": 1}\n");
        Trace t = read(text.toString(), new TraceOptions(1, 0, true));
        assertEquals(2, t.requests().size());
        assertEquals(15, t.skipped());
        assertEquals(TraceReader.MAX_PROBLEMS, t.problems().size());
        assertEquals("line 2: 'output_length' is missing", t.problems().getFirst());
        assertEquals("line 11: 'output_length' is missing", t.problems().getLast());
        assertEquals("skipped 15 malformed lines (first: line 2: 'output_length' is missing)", t.skippedSummary());
    }

    @Test
    void aTraceWithNoRequestsIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read("\n  \n", TraceOptions.DEFAULTS));
        assertEquals("trace.jsonl has no requests", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> read("x\n{}\n", new TraceOptions(1, 0, true)));
        assertTrue(e.getMessage().startsWith("trace.jsonl has no requests: all 2 non-blank lines are malformed (first: line 1: not valid JSON"),
                e.getMessage());
    }

    @Test
    void anArrivalBeyondALongIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read("""
                {"timestamp": 0, "input_length": 1, "output_length": 1}
                {"timestamp": 1e300, "input_length": 1, "output_length": 1}
                """, TraceOptions.DEFAULTS));
        assertTrue(e.getMessage().startsWith("trace.jsonl line 2: 'timestamp' 1.0E300 is too far"), e.getMessage());
    }

    @Test
    void readsFilesNamingThemInMessages(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("trace.jsonl");
        Files.writeString(file, SMALL + "{\"timestamp\": 1}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TraceReader.read(file, TraceOptions.DEFAULTS));
        assertEquals(file + " line 6: 'input_length' is missing", e.getMessage());
        assertEquals(4, TraceReader.read(file, new TraceOptions(1, 0, true)).requests().size());

        Path latin1 = dir.resolve("latin1.jsonl");
        Files.write(latin1, "{\"timestamp\": 0, \"input_length\": 1, \"output_length\": 1}\n{\"x\": \"\u00e9\"}\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(IllegalArgumentException.class, () -> TraceReader.read(latin1, TraceOptions.DEFAULTS));
        assertEquals(latin1 + " line 2: not valid UTF-8 text", e.getMessage());
        Trace t = TraceReader.read(latin1, new TraceOptions(1, 0, true));
        assertEquals(1, t.requests().size());
        assertEquals(List.of("line 2: not valid UTF-8 text"), t.problems());

        assertThrows(NoSuchFileException.class, () -> TraceReader.read(dir.resolve("missing.jsonl"), TraceOptions.DEFAULTS));
    }

    @Test
    void optionsAreChecked() {
        for (double scale : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TraceOptions(scale, 0, false));
            assertTrue(e.getMessage().startsWith("trace time scale "), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new TraceOptions(1, -1, false));
    }
}
