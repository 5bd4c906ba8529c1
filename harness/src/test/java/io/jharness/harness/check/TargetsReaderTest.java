package io.jharness.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jharness.harness.config.UsageException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading targets files: the example, and every kind of error with its key and line. */
class TargetsReaderTest {

    private static final Path EXAMPLE = Path.of("..", "models", "targets.example.yaml");

    @Test
    void readsTheExampleFile() {
        Targets t = TargetsReader.read(EXAMPLE);
        assertEquals(List.of(new Targets.ThroughputTarget(8, 400), new Targets.ThroughputTarget(16, 700),
                new Targets.ThroughputTarget(32, 1000), new Targets.ThroughputTarget(64, 1200)), t.throughput());
        assertEquals(new Targets.Max(30), t.latency().p50Ms());
        assertEquals(new Targets.Max(50), t.latency().p95Ms());
        assertEquals(new Targets.Max(70), t.latency().p99Ms());
        assertNull(t.latency().meanMs());
        assertEquals(List.of(), t.serve());
        assertEquals(7, t.count());
    }

    @Test
    void theReadmeExampleReads() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```yaml\nthroughput:");
        String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 3));
        Targets t = TargetsReader.parse(yaml, "README.md");
        assertEquals(4, t.count());
        assertEquals(8.0, t.serve().getFirst().rate());
    }

    @Test
    void readsServeRowsByRateOrConcurrency() {
        Targets t = TargetsReader.parse("""
                serve:
                  - rate: 8
                    p99_ttft_ms: {max: 200}
                    p50_itl_ms: {max: 20}
                    min_goodput_fraction: 0.9
                  - concurrency: 4
                    p99_e2e_ms: {max: 900}
                    min_requests_per_sec: 3.5
                    min_output_tokens_per_sec: 100
                """, "t.yaml");
        assertEquals(2, t.serve().size());
        Targets.ServeTarget rate = t.serve().get(0);
        assertEquals(8.0, rate.rate());
        assertNull(rate.concurrency());
        assertEquals("rate=8", rate.label());
        assertEquals(new Targets.Max(200), rate.p99TtftMs());
        assertEquals(0.9, rate.minGoodputFraction());
        Targets.ServeTarget conc = t.serve().get(1);
        assertEquals("concurrency=4", conc.label());
        assertEquals(3.5, conc.minRequestsPerSec());
        assertEquals(6, t.count());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            not a number      | throughput:\\n  - batch_size: 8\\n    min_tokens_per_sec: abc                    | t.yaml line 3: 'min_tokens_per_sec' must be a number
            no value          | throughput:\\n  - batch_size: 8\\n    min_tokens_per_sec:                        | t.yaml line 3: 'min_tokens_per_sec' must be a number
            quoted number     | throughput:\\n  - batch_size: 8\\n    min_tokens_per_sec: '400'                  | t.yaml line 3: 'min_tokens_per_sec' must be a number
            missing key       | throughput:\\n  - batch_size: 8\\n  - batch_size: 16\\n    min_tokens_per_sec: 1 | t.yaml line 2: 'min_tokens_per_sec' is missing in a 'throughput' row
            unknown row key   | throughput:\\n  - batch_size: 8\\n    min_tokens: 4                               | t.yaml line 3: unknown key 'min_tokens' in a 'throughput' row (expected one of: batch_size, min_tokens_per_sec)
            fractional batch  | throughput:\\n  - batch_size: 8.5\\n    min_tokens_per_sec: 4                       | t.yaml line 2: 'batch_size' must be a whole number
            batch 0           | throughput:\\n  - batch_size: 0\\n    min_tokens_per_sec: 4                         | t.yaml line 2: 'batch_size' must be at least 1
            negative bound    | throughput:\\n  - batch_size: 1\\n    min_tokens_per_sec: -4                        | t.yaml line 3: 'min_tokens_per_sec' must be a number of at least 0
            section not list  | throughput: 5                                                                   | t.yaml line 1: 'throughput' must be a list of rows (each starting with '- ')
            row not mapping   | throughput:\\n  - 5                                                             | t.yaml line 2: 'throughput' must be a list of rows, each a mapping of keys
            bare bound        | latency:\\n  p50_ms: 30                                                         | t.yaml line 2: 'p50_ms' must be a bound like {max: 50}
            bound not number  | latency:\\n  p50_ms: {max: x}                                                   | t.yaml line 2: 'p50_ms.max' must be a number
            empty bound       | latency:\\n  p50_ms: {}                                                         | t.yaml line 2: 'max' is missing in 'p50_ms'
            unknown bound key | latency:\\n  p50_ms: {maximum: 3}                                               | t.yaml line 2: unknown key 'maximum' in 'p50_ms' (expected one of: max)
            duplicate key     | latency:\\n  p50_ms: {max: 3}\\n  p50_ms: {max: 4}                              | t.yaml line 3: duplicate key 'p50_ms'
            unknown metric    | latency:\\n  p50_ms: {max: 3}\\n  p77_ms: {max: 3}                              | t.yaml line 3: unknown key 'p77_ms' in 'latency' (expected one of: mean_ms, p50_ms, p90_ms, p95_ms, p99_ms, p50_ttft_ms, p99_ttft_ms, p50_itl_ms, p99_itl_ms, p50_tpot_ms, p99_tpot_ms)
            unknown section   | latncy:\\n  p50_ms: {max: 3}                                                    | t.yaml line 1: unknown key 'latncy' (expected one of: throughput, latency, serve)
            rate and conc     | serve:\\n  - rate: 8\\n    p99_ttft_ms: {max: 3}\\n  - concurrency: 4\\n    rate: 2\\n    p99_ttft_ms: {max: 3} | t.yaml line 4: a serve row needs exactly one of 'rate' and 'concurrency'
            neither           | serve:\\n  - p99_ttft_ms: {max: 3}                                              | t.yaml line 2: a serve row needs exactly one of 'rate' and 'concurrency'
            concurrency 0     | serve:\\n  - concurrency: 0\\n    p99_ttft_ms: {max: 3}                         | t.yaml line 2: 'concurrency' must be at least 1
            no serve target   | serve:\\n  - rate: 8                                                            | t.yaml line 2: serve row rate=8 sets no target
            goodput over 1    | serve:\\n  - rate: 8\\n    min_goodput_fraction: 2                              | t.yaml line 3: 'min_goodput_fraction' must be a number from 0 to 1
            unknown serve key | serve:\\n  - rate: 8\\n    p99_ttft: {max: 3}                                   | t.yaml line 3: unknown key 'p99_ttft' in a 'serve' row (expected one of: rate, concurrency, p50_ttft_ms, p99_ttft_ms, p50_itl_ms, p99_itl_ms, p50_tpot_ms, p99_tpot_ms, p50_e2e_ms, p99_e2e_ms, min_goodput_fraction, min_requests_per_sec, min_output_tokens_per_sec)
            top-level list    | - a\\n- b                                                                       | t.yaml line 1: expected a mapping with 'throughput', 'latency' or 'serve' sections
            empty file        | ""                                                                              | t.yaml sets no targets: expected a 'throughput', 'latency' or 'serve' section
            only comments     | # nothing here                                                                  | t.yaml sets no targets: expected a 'throughput', 'latency' or 'serve' section
            empty sections    | throughput: []\\nserve: []                                                      | t.yaml sets no targets: expected a 'throughput', 'latency' or 'serve' section
            """)
    void reportsTheKeyAndLine(String name, String yaml, String message) {
        UsageException e = assertThrows(UsageException.class, () -> TargetsReader.parse(yaml.replace("\\n", "\n"), "t.yaml"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aSyntaxErrorIsOneLineWithItsLine() {
        UsageException e = assertThrows(UsageException.class,
                () -> TargetsReader.parse("latency:\n  p50_ms: {max: 3\n", "t.yaml"));
        assertEquals("t.yaml line 2: not valid YAML: while parsing a flow mapping; expected ',' or '}', but got <stream end>",
                e.getMessage());
    }

    @Test
    void aMissingFileIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> TargetsReader.read(Path.of("no-such-targets.yaml")));
        assertEquals("targets file no-such-targets.yaml does not exist or is not a file", e.getMessage());
    }
}
