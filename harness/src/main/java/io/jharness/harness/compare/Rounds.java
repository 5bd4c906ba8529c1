package io.jharness.harness.compare;

import io.jharness.harness.config.UsageException;
import io.jharness.harness.format.ThroughputJson;
import io.jharness.harness.results.RepeatStats;
import io.jharness.harness.results.ThroughputPoint;
import io.jharness.harness.results.ThroughputResult;
import io.jharness.harness.runner.Repeats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.apache.commons.statistics.descriptive.Median;

/**
 * A results directory that holds rounds instead of results: {@code round-1/}, {@code round-2/}...,
 * each a throughput run of one engine on one workload, made in turn with the runs it is compared
 * with (A B C, A B C, A B C). On a machine whose speed drifts over minutes, as host-bound eager
 * decoding does, back-to-back repeats of one run share its stretch of the drift; rounds spread the
 * drift over every run. Their points pool as repeats: every round's tokens/s (or every repeat's,
 * for a round made with {@code --repeats}) is one value, and the point is the round point with the
 * median tokens/s, as {@code --repeats} makes it.
 */
public final class Rounds {

    private static final Pattern ROUND = Pattern.compile("round-(\\d+)");

    private Rounds() {}

    /** The round directories in {@code dir} that hold a throughput.json, by round number; empty when none. */
    public static List<Path> find(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> ROUND.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(ThroughputJson.FILE)))
                    .sorted(Comparator.comparingLong(Rounds::number))
                    .toList();
        } catch (IOException e) {
            throw new UsageException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static long number(Path round) {
        Matcher m = ROUND.matcher(round.getFileName().toString());
        m.matches();
        return Long.parseLong(m.group(1));
    }

    /**
     * The rounds as one run: the first round's run.json, and throughput points pooled by batch size.
     *
     * @throws UsageException when the rounds measured different workloads or engines
     */
    static RunResults pool(Path dir, String label, List<Path> rounds) {
        List<RunResults> each = rounds.stream().map(r -> RunResults.read(r, label)).toList();
        MetadataDiff diff = MetadataDiff.of(each.stream().map(RunResults::metadata).toList());
        List<Comparison.KeyDifference> mixed = new ArrayList<>(diff.workload());
        diff.expected().stream().filter(d -> d.key().equals("engine") || d.key().equals("engine_options")).forEach(mixed::add);
        if (!mixed.isEmpty()) {
            Comparison.KeyDifference d = mixed.get(0);
            throw new UsageException("the rounds in " + dir + " are not one run: " + d.key() + " differs ("
                    + String.join(" | ", d.values()) + ")");
        }
        Map<Integer, List<ThroughputPoint>> byBatch = new LinkedHashMap<>();
        for (RunResults r : each) {
            for (ThroughputPoint p : r.throughput().points()) {
                byBatch.computeIfAbsent(p.batchSize(), b -> new ArrayList<>()).add(p);
            }
        }
        List<ThroughputPoint> points = byBatch.values().stream().map(Rounds::poolPoint).toList();
        return new RunResults(dir, label, each.get(0).metadata(), new ThroughputResult(points), null, null);
    }

    private static ThroughputPoint poolPoint(List<ThroughputPoint> rounds) {
        List<ThroughputPoint> ok = rounds.stream().filter(ThroughputPoint::ok).toList();
        if (ok.isEmpty()) {
            return rounds.get(0);
        }
        double[] tokensPerSec = ok.stream()
                .flatMapToDouble(p -> p.repeats() != null ? DoubleStream.of(p.repeats().array())
                        : DoubleStream.of(p.throughputTokensPerSec()))
                .toArray();
        ThroughputPoint median = Repeats.median(ok, ThroughputPoint::throughputTokensPerSec);
        if (tokensPerSec.length < 2) {
            return median;
        }
        double requestsPerSec = Median.withDefaults().evaluate(ok.stream().mapToDouble(ThroughputPoint::requestsPerSec).toArray());
        return median.withRepeats(RepeatStats.of(tokensPerSec), requestsPerSec);
    }
}
