package io.jharness.harness.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A throughput sweep: one point per batch size, in the order run. As JSON it is an object keyed
 * by batch size ({@code {"8": {...}, "16": {...}}}), the shape earlier harnesses wrote.
 */
public record ThroughputResult(List<ThroughputPoint> points) {

    public ThroughputResult {
        points = List.copyOf(points);
    }

    @JsonValue
    Map<String, ThroughputPoint> byBatchSize() {
        Map<String, ThroughputPoint> map = new LinkedHashMap<>();
        points.forEach(p -> map.put(Integer.toString(p.batchSize()), p));
        return map;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ThroughputResult fromMap(Map<String, ThroughputPoint> map) {
        return new ThroughputResult(new ArrayList<>(map.values()));
    }

    public boolean anyFailed() {
        return points.stream().anyMatch(p -> !p.ok());
    }

    public boolean allFailed() {
        return points.stream().noneMatch(ThroughputPoint::ok);
    }
}
