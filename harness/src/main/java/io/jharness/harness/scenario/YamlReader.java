package io.jharness.harness.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jharness.harness.config.UsageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads YAML text into {@link YamlNode}s with Jackson's streaming parser, keeping each value's
 * line and column. Errors are {@link UsageException}s of one line that name the file, the line
 * and the column: a syntax error, a duplicate key, a key that is not a plain name.
 */
public final class YamlReader {

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(com.fasterxml.jackson.dataformat.yaml.YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();

    private final String name;

    private YamlReader(String name) {
        this.name = name;
    }

    /**
     * Parses a document; null when the text holds no document at all (empty, or only comments).
     *
     * @param name what messages call the text, usually the file's path
     */
    public static YamlNode read(String text, String name) {
        YamlReader reader = new YamlReader(name);
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            YamlNode root = reader.value(p, t);
            if (p.nextToken() != null) {
                throw reader.error(reader.at(p), "a second document; a scenario file holds one");
            }
            return root;
        } catch (StreamReadException e) {
            throw new UsageException(name + " " + where(e.getLocation()) + ": not valid YAML: " + problem(e));
        } catch (IOException e) {
            throw new UsageException("cannot read " + name + ": " + e.getMessage());
        }
    }

    /** The message for an error at a place in the file: {@code s.yaml line 3, column 5: ...}. */
    public static String at(String name, YamlNode.Location location, String message) {
        return name + " " + location + ": " + message;
    }

    private YamlNode value(JsonParser p, JsonToken t) throws IOException {
        YamlNode.Location here = at(p);
        return switch (t) {
            case START_OBJECT -> mapping(p, here);
            case START_ARRAY -> sequence(p, here);
            case VALUE_NULL -> new YamlNode.Scalar(null, false, here);
            case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(p.getText(), true, here);
            // getText() is the scalar as written: 1.0 stays 1.0, 0x10 stays 0x10.
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(p.getText(), false, here);
            default -> throw error(here, "unexpected " + t);
        };
    }

    private YamlNode.Mapping mapping(JsonParser p, YamlNode.Location start) throws IOException {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Map<String, YamlNode.Location> seen = new HashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            YamlNode.Location keyAt = at(p);
            YamlNode.Location first = seen.putIfAbsent(key, keyAt);
            if (first != null) {
                throw error(keyAt, "key '" + key + "' appears twice (first at " + first + "); give each key once");
            }
            entries.add(new YamlNode.Entry(key, keyAt, value(p, p.nextToken())));
        }
        if (t != JsonToken.END_OBJECT) {
            throw error(at(p), "unexpected " + t);
        }
        return new YamlNode.Mapping(entries, start);
    }

    private YamlNode.Sequence sequence(JsonParser p, YamlNode.Location start) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            items.add(value(p, t));
        }
        return new YamlNode.Sequence(items, start);
    }

    private static YamlNode.Location at(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return new YamlNode.Location(l.getLineNr(), l.getColumnNr());
    }

    private UsageException error(YamlNode.Location location, String message) {
        return new UsageException(at(name, location, message));
    }

    private static String where(JsonLocation l) {
        return l == null || l.getLineNr() < 1 ? "" : new YamlNode.Location(l.getLineNr(), l.getColumnNr()).toString();
    }

    /** SnakeYAML's problem lines, without its excerpt of the file and its own location lines. */
    private static String problem(StreamReadException e) {
        return String.valueOf(e.getOriginalMessage()).lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(Collectors.joining("; "));
    }
}
