package io.jharness.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code harness serve} through the CLI, on the mock engine. */
class CliServeTest {

    @TempDir
    Path tmp;

    private Cli.Result serve(String... args) {
        List<String> all = new ArrayList<>(List.of("serve", "--engine", "mock", "-q", "--output-dir", tmp.resolve("out").toString()));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void aRateSweepWritesEveryFile() throws Exception {
        Cli.Result r = serve("--rate", "2,8", "--num-requests", "30", "--slo", "ttft=200ms,tpot=50ms");
        assertEquals(0, r.exit(), r::describe);
        Path out = tmp.resolve("out");
        for (String f : List.of("serve_sweep.json", "run.json", "SUMMARY.txt", "points/rate-2/serve.json",
                "points/rate-2/requests.jsonl", "points/rate-8/serve.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode sweep = JsonMapper.builder().build().readTree(out.resolve("serve_sweep.json").toFile());
        assertEquals(2, sweep.get("points").size());
        JsonNode m = sweep.at("/points/0/metrics");
        for (String key : List.of("ttft_ms", "tpot_ms", "itl_ms", "e2e_ms", "ttft_breakdown", "goodput",
                "requests_per_sec", "output_tokens_per_sec", "total_tokens_per_sec")) {
            assertTrue(m.has(key), key);
        }
        List<String> lines = Files.readAllLines(out.resolve("points/rate-2/requests.jsonl"));
        assertEquals(40, lines.size(), "30 measured + 10 warm-up requests");
        JsonNode line = JsonMapper.builder().build().readTree(lines.get(20));
        assertEquals(128, line.get("output_tokens").asInt());
        assertEquals(128, line.get("token_times_ms").size());
        assertTrue(r.out().contains("rate=8"), r::describe);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                          | --rate",
        "--rate,0                                    | '0'",
        "--rate,1,--concurrency,2                    | --concurrency",
        "--find-max-rate                             | --slo",
        "--rate,1,--slo,latency=1s                   | latency",
        "--rate,1,--scheduler,fifo                   | fifo",
        "--rate,1,--policy,lifo                      | lifo",
        "--rate,1,--arrival,burst                    | burst",
        "--rate,1,--steady-state,2                    | steady",
        "--rate,1,--slots,1000                       | 1000",
        "--trace,/nonexistent.jsonl                  | nonexistent",
    })
    void badInputIsOneLineAndExitTwo(String args, String named) {
        String[] a = args.isEmpty() ? new String[0] : args.split(",");
        Cli.Result r = serve(a);
        assertEquals(2, r.exit(), r::describe);
        List<String> err = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, err.size(), r::describe);
        assertTrue(err.get(0).contains(named), r::describe);
        assertFalse(r.err().contains("\tat "), r::describe);
    }

    @Test
    void aMalformedTraceLineIsFatalWithItsLineNumberOrSkipped() throws Exception {
        Path trace = tmp.resolve("trace.jsonl");
        Files.writeString(trace, """
                {"timestamp": 0, "input_length": 10, "output_length": 4}
                {"timestamp": 5, "input_length": "ten", "output_length": 4}
                {"timestamp": 9, "input_length": 12, "output_length": 3}
                """);
        Cli.Result fatal = serve("--trace", trace.toString());
        assertEquals(2, fatal.exit(), fatal::describe);
        assertTrue(fatal.err().contains("line 2"), fatal::describe);
        Cli.Result skipped = serve("--trace", trace.toString(), "--skip-malformed", "--warmup-requests", "0");
        assertEquals(0, skipped.exit(), skipped::describe);
        assertTrue(skipped.err().contains("skipped 1 malformed line"), skipped::describe);
        JsonNode sweep = JsonMapper.builder().build().readTree(tmp.resolve("out/serve_sweep.json").toFile());
        assertEquals(2, sweep.at("/points/0/metrics/requests").asInt());
    }
}
