package io.jharness.harness.bench;

import io.jharness.harness.format.TextTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the overhead benchmarks with JMH's own command line and writes the figures beside JMH's
 * results as a table against the goals: under 5 µs of harness host time per step, and about
 * 0 bytes allocated per step in the steady state.
 *
 * <pre>java -cp benchmarks.jar io.jharness.harness.bench.OverheadReport TABLE_FILE [JMH options and regexps]</pre>
 *
 * <p>{@code scripts/bench-overhead.sh} is how people run it.
 */
public final class OverheadReport {

    static final double GOAL_NS = 5_000;
    /** Below this, JMH's allocation figure is measurement noise: nothing is allocated per step. */
    static final double ZERO_BYTES = 1.0;

    private record Row(String what, String per, boolean overhead) {}

    /** What each benchmark measures, what one operation is, and whether the 5 µs goal applies. */
    private static final Map<String, Row> ROWS = Map.ofEntries(
            Map.entry("StepOverheadBenchmark.staticBatchStep",
                    new Row("throughput step path, no-op engine, host-clock timer", "step", true)),
            Map.entry("ServeStepBenchmark.serveStep",
                    new Row("serve step path (continuous scheduler), no-op engine; B incl. point setup", "step", true)),
            Map.entry("ServeStepBenchmark.servePointSetup",
                    new Row("serve point setup alone (loop, histograms, requests)", "step", false)),
            Map.entry("StepPartsBenchmark.hostClockTimer", new Row("part: host-clock timer around nothing", "step", true)),
            Map.entry("StepPartsBenchmark.stepStatsRecord", new Row("part: StepStats.record (HdrHistogram)", "step", true)),
            Map.entry("NativeDowncallBenchmark.abiVersion", new Row("FFM downcall: jh_abi_version()", "call", true)),
            Map.entry("NativeDowncallBenchmark.stream", new Row("FFM downcall: jh_stream(session)", "call", true)),
            Map.entry("NativeDowncallBenchmark.referenceStepBatch1",
                    new Row("C reference engine step via step path (engine work, for scale)", "step", false)),
            Map.entry("CudaTimerBenchmark.cudaEventTimer",
                    new Row("CUDA-event timer around back-to-back empty steps (one event each, read 4 steps late, as runs do)", "step", true)),
            Map.entry("CudaTimerBenchmark.cudaEventTimerSync",
                    new Row("CUDA-event timer around an empty step, each read at once (waits for the device)", "step", true)),
            Map.entry("CudaTimerBenchmark.eventRecord",
                    new Row("part: one cuEventRecord through JCuda (legacy default stream)", "call", false)),
            Map.entry("CudaTimerBenchmark.eventReadCompleted",
                    new Row("part: cuEventSynchronize + cuEventElapsedTime on finished events, through JCuda", "call", false)),
            Map.entry("CudaTimerBenchmark.staticBatchStepCudaTimer",
                    new Row("throughput step path, no-op engine, CUDA-event timer", "step", true)));

    private OverheadReport() {}

    public static void main(String[] args) throws IOException, RunnerException {
        if (args.length < 1) {
            System.err.println("usage: OverheadReport TABLE_FILE [JMH options and benchmark regexps]");
            System.exit(2);
        }
        Path table = Path.of(args[0]);
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(java.util.Arrays.copyOfRange(args, 1, args.length));
        } catch (org.openjdk.jmh.runner.options.CommandLineOptionException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Collection<RunResult> results = new Runner(options).run();
        String text = render(results);
        Files.writeString(table, text, StandardCharsets.UTF_8);
        System.out.print(text);
    }

    static String render(Collection<RunResult> results) {
        TextTable t = new TextTable("benchmark", "batch", "what", "ns per op", "± (99.9%)", "op", "< 5 µs/step?",
                "B/op", "~0 B?").leftAlign(2).leftAlign(5).leftAlign(6).leftAlign(8);
        List<String> notes = new ArrayList<>();
        for (RunResult r : results) {
            String name = shortName(r);
            Row row = ROWS.getOrDefault(name, new Row(name, "op", false));
            String batch = batch(r);
            double ns = r.getPrimaryResult().getScore();
            Optional<Double> bytes = bytes(r);
            boolean setupIncluded = name.equals("ServeStepBenchmark.serveStep");
            t.row(name, batch, row.what(), fmt(ns, 1), fmt(r.getPrimaryResult().getScoreError(), 1), row.per(),
                    row.overhead() ? goal(ns) : "n/a",
                    bytes.map(b -> fmt(b, 3)).orElse("-"),
                    setupIncluded ? "see below" : !row.overhead() ? "n/a" : bytes.map(OverheadReport::zero).orElse("not measured"));
        }
        // The serve loop's steps' own allocation: a whole point's, less the point's setup.
        for (RunResult step : results) {
            if (!shortName(step).equals("ServeStepBenchmark.serveStep")) {
                continue;
            }
            for (RunResult setup : results) {
                if (shortName(setup).equals("ServeStepBenchmark.servePointSetup") && batch(setup).equals(batch(step))
                        && bytes(step).isPresent() && bytes(setup).isPresent()) {
                    double own = bytes(step).get() - bytes(setup).get();
                    notes.add(String.format(Locale.ROOT, "serve steps' own allocation at batch %s (serveStep - servePointSetup): "
                            + "%.3f B/step: %s", batch(step), own, zero(own)));
                }
            }
        }
        // The total the goal is about: the step path with the timer in use, plus one downcall per step.
        Optional<RunResult> downcall = find(results, "NativeDowncallBenchmark.stream", "N/A");
        for (String batch : List.of("1", "64")) {
            Optional<RunResult> step = find(results, "CudaTimerBenchmark.staticBatchStepCudaTimer", batch);
            String timer = "CUDA-event timer";
            if (step.isEmpty()) {
                step = find(results, "StepOverheadBenchmark.staticBatchStep", batch);
                timer = "host-clock timer (no CUDA here)";
            }
            if (step.isPresent() && downcall.isPresent()) {
                double total = step.get().getPrimaryResult().getScore() + downcall.get().getPrimaryResult().getScore();
                notes.add(String.format(Locale.ROOT, "total per step at batch %s: step path with the %s + one FFM downcall "
                        + "= %.1f ns: %s", batch, timer, total, goal(total)));
            }
        }
        StringBuilder out = new StringBuilder(t.render());
        out.append('\n');
        for (String n : notes) {
            out.append(n).append('\n');
        }
        return out.toString();
    }

    private static Optional<RunResult> find(Collection<RunResult> results, String name, String batch) {
        return results.stream().filter(r -> shortName(r).equals(name) && batch(r).equals(batch)).findFirst();
    }

    private static String shortName(RunResult r) {
        String full = r.getParams().getBenchmark();
        int method = full.lastIndexOf('.');
        int type = full.lastIndexOf('.', method - 1);
        return full.substring(type + 1);
    }

    private static String batch(RunResult r) {
        String b = r.getParams().getParam("batch");
        return b == null ? "N/A" : b;
    }

    /** JMH's allocation per operation ({@code -prof gc}), when it was measured. */
    private static Optional<Double> bytes(RunResult r) {
        for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return Optional.of(e.getValue().getScore());
            }
        }
        return Optional.empty();
    }

    private static String goal(double ns) {
        return String.format(Locale.ROOT, "%s (%.1f%% of 5 µs)", ns < GOAL_NS ? "yes" : "NO", 100 * ns / GOAL_NS);
    }

    private static String zero(double bytes) {
        return Math.abs(bytes) < ZERO_BYTES ? "yes" : "NO";
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }
}
