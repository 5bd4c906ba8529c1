package io.jharness.harness.check;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jharness.harness.config.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a targets file. Strict, unlike the result readers: an unknown key, a value of the wrong
 * type, a missing one or one out of range is a {@link UsageException} naming the key and its
 * line, because a misspelt target would otherwise be a gate that never closes.
 */
public final class TargetsReader {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

    private TargetsReader() {}

    public static Targets read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("targets file " + file + " does not exist or is not a file");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UsageException("cannot read targets file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses a targets file's text; {@code name} is what error messages call it. */
    public static Targets parse(String text, String name) {
        Map<String, Integer> lines = scan(text, name);
        Targets targets;
        try {
            targets = YAML.readValue(text, Targets.class);
        } catch (JacksonException e) {
            if (e instanceof MismatchedInputException m && m.getPath().isEmpty()
                    && String.valueOf(m.getOriginalMessage()).startsWith("No content to map")) {
                targets = null;
            } else {
                throw new UsageException(name + describe(e, lines));
            }
        }
        if (targets == null || targets.count() == 0) {
            throw new UsageException(name + " sets no targets: expected a 'throughput', 'latency' or 'serve' section");
        }
        return targets;
    }

    /**
     * One pass over the tokens, before binding: the line of every key and list row, by JSON
     * pointer, and the unknown keys (the binder reports those of a record only at the end of its
     * mapping, after any missing key, and so at the wrong line).
     */
    private static Map<String, Integer> scan(String text, String name) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                JsonStreamContext ctx = p.getParsingContext();
                int line = p.currentTokenLocation().getLineNr();
                if (t == JsonToken.FIELD_NAME) {
                    String pointer = ctx.pathAsPointer().toString();
                    lines.putIfAbsent(pointer, line);
                    List<String> known = keys(typeAt(ctx));
                    if (known != null && !known.contains(p.currentName())) {
                        throw new UsageException(name + " line " + line + ": unknown key '" + p.currentName() + "'"
                                + (ctx.getParent() == null || ctx.getParent().inRoot() ? "" : " in " + where(ctx))
                                + " (expected one of: " + String.join(", ", known) + ")");
                    }
                } else if (t.isStructStart() && ctx.getParent() != null) {
                    lines.putIfAbsent(ctx.getParent().pathAsPointer().toString(), line);
                } else if (t.isScalarValue()) {
                    lines.putIfAbsent(ctx.pathAsPointer().toString(), line);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UsageException u) {
                throw u;
            }
            // A syntax error: binding reports it, with its line.
        }
        return lines;
    }

    /** The record a mapping binds to, by its place in the file; null where no record is expected. */
    private static Class<?> typeAt(JsonStreamContext mapping) {
        JsonStreamContext place = mapping.getParent();
        if (place == null || place.inRoot()) {
            return Targets.class;
        }
        String pointer = place.pathAsPointer().toString();
        if (place.inArray()) {
            return pointer.matches("/throughput/\\d+") ? Targets.ThroughputTarget.class
                    : pointer.matches("/serve/\\d+") ? Targets.ServeTarget.class : null;
        }
        return pointer.equals("/latency") ? Targets.LatencyTargets.class
                : pointer.matches("/(latency|serve/\\d+)/[a-z0-9_]+") ? Targets.Max.class : null;
    }

    /** Where a mapping is, in words: {@code a 'throughput' row}, {@code 'latency'}, {@code 'p50_ms'}. */
    private static String where(JsonStreamContext mapping) {
        JsonStreamContext place = mapping.getParent();
        if (place.inArray()) {
            return "a '" + place.getParent().getCurrentName() + "' row";
        }
        return "'" + place.getCurrentName() + "'";
    }

    private static List<String> keys(Class<?> type) {
        if (type == null || !type.isRecord()) {
            return null;
        }
        return Arrays.stream(type.getRecordComponents())
                .map(c -> PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(c.getName()))
                .toList();
    }

    private static String describe(JacksonException e, Map<String, Integer> lines) {
        String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String where = line(e.getLocation());
        if (msg.startsWith("Duplicate field")) {
            Matcher q = QUOTED.matcher(msg);
            return where + ": duplicate key '" + (q.find() ? q.group(1) : "?") + "'";
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return where + ": unknown key '" + u.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : " (expected one of: " + known + ")");
        }
        if (e instanceof ValueInstantiationException v) {
            List<JsonMappingException.Reference> path = v.getPath();
            String row = pointer(path);
            if (v.getCause() instanceof Targets.TargetException t) {
                Integer at = t.key == null ? null : lines.get(row + "/" + t.key);
                return line(at != null ? at : lines.get(row), where) + ": " + t.getMessage();
            }
            String why = v.getCause() != null && v.getCause().getMessage() != null ? v.getCause().getMessage() : "invalid value";
            return line(lines.get(row), where) + ": " + why;
        }
        if (e instanceof MismatchedInputException m) {
            List<JsonMappingException.Reference> path = m.getPath();
            if (msg.startsWith("Missing required creator property")) {
                Matcher q = QUOTED.matcher(msg);
                String key = q.find() ? q.group(1) : "a value";
                if (!path.isEmpty() && key.equals(path.getLast().getFieldName())) {
                    path = path.subList(0, path.size() - 1);
                }
                return line(lines.get(pointer(path)), where) + ": '" + key + "' is missing"
                        + (path.isEmpty() ? "" : " in " + where(path));
            }
            if (path.isEmpty()) {
                return where + ": expected a mapping with 'throughput', 'latency' or 'serve' sections";
            }
            return where + ": '" + key(path) + "' must be " + expected(m.getTargetType(), path);
        }
        JacksonException syntax = e instanceof StreamReadException ? e
                : e.getCause() instanceof StreamReadException r ? r : null;
        if (syntax != null) {
            // SnakeYAML's problem lines, without its excerpt of the file.
            String problem = String.valueOf(syntax.getOriginalMessage()).lines()
                    .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                    .collect(Collectors.joining("; "));
            return line(syntax.getLocation()) + ": not valid YAML: " + problem;
        }
        return where + ": " + firstLine(msg);
    }

    /** Where a path ends, in words: {@code a 'throughput' row}, {@code 'p50_ms'}. */
    private static String where(List<JsonMappingException.Reference> path) {
        JsonMappingException.Reference last = path.getLast();
        if (last.getFieldName() != null) {
            return "'" + last.getFieldName() + "'";
        }
        return path.size() > 1 ? "a '" + path.get(path.size() - 2).getFieldName() + "' row" : "a row";
    }

    /** The JSON pointer of a path: {@code /throughput/0}. */
    private static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            sb.append('/').append(r.getFieldName() != null ? r.getFieldName() : Integer.toString(r.getIndex()));
        }
        return sb.toString();
    }

    /** The key a path ends at: {@code min_tokens_per_sec}, {@code p95_ms.max}, or {@code throughput} for a row. */
    private static String key(List<JsonMappingException.Reference> path) {
        String last = null;
        String parent = null;
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                parent = last;
                last = r.getFieldName();
            }
        }
        if (last == null) {
            return "";
        }
        return "max".equals(last) && parent != null ? parent + ".max" : last;
    }

    private static String expected(Class<?> type, List<JsonMappingException.Reference> path) {
        if (type == null) {
            return "a valid value";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == Targets.Max.class) {
            return "a bound like {max: 50}";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list of rows (each starting with '- ')";
        }
        boolean row = !path.isEmpty() && path.getLast().getIndex() >= 0;
        return row ? "a list of rows, each a mapping of keys" : "a mapping of keys";
    }

    private static String line(Integer line, String fallback) {
        return line == null ? fallback : " line " + line;
    }

    private static String line(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " line " + at.getLineNr();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
