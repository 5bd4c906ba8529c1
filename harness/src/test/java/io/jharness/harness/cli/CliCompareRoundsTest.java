package io.jharness.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harness compare} on a run made in rounds (a folder of {@code round-N/} throughput runs):
 * their points pool as repeats. The mock rounds differ in their seed, which draws the latency
 * model's jitter, so each gives its own tokens/s; round 2 was made with two repeats, which both
 * count (on the virtual clock, with the same figure).
 */
class CliCompareRoundsTest {

    @TempDir
    static Path tmp;

    static Path rounds;
    static Path single;

    private static Path mockRun(Path dir, String... extra) {
        return Cli.mockThroughput(dir, extra);
    }

    @BeforeAll
    static void runs() {
        rounds = tmp.resolve("rounds");
        mockRun(rounds.resolve("round-1"), "--seed", "1");
        mockRun(rounds.resolve("round-2"), "--seed", "2", "--repeats", "2");
        mockRun(rounds.resolve("round-10"), "--seed", "3");
        single = mockRun(tmp.resolve("single"));
    }

    @Test
    void roundsPoolAsRepeats() {
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("compare", single.toString(), rounds.toString(), "-o", out.toString());
        assertEquals(ExitCodes.OK, r.exit(), r::describe);
        JsonNode runs = Cli.json(out.resolve("compare.json")).path("throughput").get(0).path("values");
        JsonNode pooled = runs.get(1);
        assertEquals("rounds", pooled.path("run").asText());
        assertEquals(4, pooled.path("n").asInt(), pooled::toString);
        double[] values = new double[4];
        for (int i = 0; i < 4; i++) {
            values[i] = pooled.path("values").get(i).asDouble();
        }
        // In round order (round-10 after round-2), round 2's two repeats alike on the virtual clock.
        double[] expected = {tokensPerSec("round-1"), tokensPerSec("round-2"), tokensPerSec("round-2"), tokensPerSec("round-10")};
        assertEquals(Arrays.toString(expected), Arrays.toString(values));
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        assertEquals((sorted[1] + sorted[2]) / 2, pooled.path("median").asDouble(), 1e-9);
        assertTrue(pooled.path("cv").asDouble() > 0, pooled::toString);
        assertTrue(r.out().contains("run      rounds: " + rounds), r::describe);
    }

    private static double tokensPerSec(String round) {
        return Cli.json(rounds.resolve(round).resolve("throughput.json")).path("1").path("throughput_tokens_per_sec").asDouble();
    }

    @Test
    void roundsOfDifferentWorkloadsAreRefused() {
        Path mixed = tmp.resolve("mixed");
        mockRun(mixed.resolve("round-1"));
        mockRun(mixed.resolve("round-2"), "--max-tokens", "64");
        Cli.Result r = Cli.run("compare", single.toString(), mixed.toString(), "-o", tmp.resolve("out-mixed").toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertTrue(r.err().contains("the rounds in " + mixed + " are not one run: max_tokens differs"), r::describe);
    }

    @Test
    void aFolderWithNeitherResultsNorRoundsSaysWhatItNeeds() {
        Path empty = tmp.resolve("empty");
        empty.toFile().mkdirs();
        Cli.Result r = Cli.run("compare", single.toString(), empty.toString(), "-o", tmp.resolve("out-empty").toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r::describe);
        assertTrue(r.err().contains("or round-N/ folders of throughput runs"), r::describe);
    }
}
