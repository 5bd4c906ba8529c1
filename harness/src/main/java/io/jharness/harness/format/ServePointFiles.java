package io.jharness.harness.format;

import io.jharness.harness.results.RequestRecord;
import io.jharness.harness.results.ServePoint;
import io.jharness.harness.scheduler.ServeRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A serve point's own files, written as soon as the point is done: {@code points/<label>/serve.json}
 * and {@code points/<label>/requests.jsonl} (one JSON object per request, warm-up included and
 * marked).
 */
public final class ServePointFiles {

    public static final String POINT_FILE = "serve.json";
    public static final String REQUESTS_FILE = "requests.jsonl";

    private ServePointFiles() {}

    public static Path directory(Path results, String label) {
        return results.resolve("points").resolve(label.replace('=', '-'));
    }

    public static void write(Path results, ServePoint point, List<ServeRequest> requests, boolean tokenTimes)
            throws IOException {
        Path dir = directory(results, point.label());
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(POINT_FILE), out -> Json.mapper().writeValue(out, point));
        var lines = Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(dir.resolve(REQUESTS_FILE), out -> {
            for (ServeRequest r : requests) {
                out.write(lines.writeValueAsBytes(RequestRecord.of(r, tokenTimes)));
                out.write('\n');
            }
        });
    }

    /** Reads a requests.jsonl back (for the timeline chart). */
    public static List<RequestRecord> readRequests(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).map(l -> {
                try {
                    return Json.mapper().readValue(l, RequestRecord.class);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
