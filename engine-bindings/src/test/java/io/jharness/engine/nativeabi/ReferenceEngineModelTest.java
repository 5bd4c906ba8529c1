package io.jharness.engine.nativeabi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks {@link ReferenceEngineModel} against the C reference engine, without FFM: the test builds
 * {@code native/src/reference/ref_engine_selftest.c}, a driver that dlopen()s the library and runs
 * a line-per-command script (see its header), and compares its output with the same script run on
 * the Java model. The library is the one Maven built into the classes (the resource the jar
 * ships), or, where it is missing, one compiled here from the same source. Skipped without gcc.
 */
class ReferenceEngineModelTest {

    static final String RESOURCE = "/native/linux-x86_64/libjharness_reference.so";

    /** The flags the Maven build uses (engine-bindings/pom.xml). */
    static final List<String> FLAGS = List.of("-O2", "-std=c11", "-Wall", "-Wextra", "-Werror", "-ffp-contract=off");

    static Path nativeDir;
    static Path library;
    static Path driver;

    @BeforeAll
    static void build() throws Exception {
        assumeTrue(gccWorks(), "gcc is not available");
        Path base = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        nativeDir = Files.isDirectory(base.resolve("../native/include")) ? base.resolve("../native").normalize()
                : base.resolve("native");
        assumeTrue(Files.isDirectory(nativeDir.resolve("include")), "no native/ sources next to " + base);
        Path work = Files.createDirectories(base.resolve("target/ref-selftest"));

        URL url = ReferenceEngineModelTest.class.getResource(RESOURCE);
        library = work.resolve("libjharness_reference.so");
        if (url != null && url.getProtocol().equals("file")) {
            library = fromUrl(url);
        } else if (url != null) {
            try (InputStream in = url.openStream()) {
                Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            }
        } else {
            gcc(concat(FLAGS, "-fPIC", "-shared", "-I", nativeDir.resolve("include").toString(),
                    nativeDir.resolve("src/reference/jh_reference_engine.c").toString(), "-o", library.toString()));
        }
        driver = work.resolve("ref_engine_selftest");
        gcc(concat(FLAGS, "-I", nativeDir.resolve("include").toString(),
                nativeDir.resolve("src/reference/ref_engine_selftest.c").toString(), "-o", driver.toString(), "-ldl",
                "-pthread"));
    }

    // ----------------------------------------------------------------------------------------
    // C vs Java
    // ----------------------------------------------------------------------------------------

    @Test
    void batchOfDifferentPromptLengths() {
        Script s = new Script("").open(8, 256);
        s.prefill(new int[] {5, 0, 3, 7}, prompts(1, 512, 1, 2, 17, 200));
        s.gen(50, new int[] {5, 0, 3, 7}, new int[] {1, 2, 3, 4});
        compare(s);
    }

    @Test
    void releaseAndReuseASlot() {
        int[][] first = prompts(2, 512, 9, 4, 13);
        int[] again = prompts(3, 512, 6)[0];
        Script s = new Script("").open(3, 128);
        s.prefill(new int[] {0, 1, 2}, first);
        s.gen(10, new int[] {0, 1, 2}, new int[] {7, 8, 9});
        s.release(1);
        s.prefill(new int[] {1}, new int[][] {again});
        s.gen(20, new int[] {0, 1, 2}, new int[] {10, 11, 12});
        s.release(0).release(2);
        s.prefill(new int[] {2}, new int[][] {again}); // the same prompt in another reused slot
        s.gen(20, new int[] {2}, new int[] {11});
        List<String> c = compare(s);

        // A reused slot behaves like a fresh one: 'again' in slot 1 then in slot 2, each fed 11 first.
        String firstRun = c.get(5).split(" ")[1];
        String secondRun = c.get(9).split(" ")[1];
        assertEquals(firstRun, secondRun, "the first token of the same prompt in two reused slots");
        List<String> slot1 = everyNth(c.get(6), 3, 1).subList(0, 20);
        List<String> slot2 = everyNth(c.get(10), 1, 0);
        assertEquals(slot1, slot2, "the same prompt and feed in slot 1 (reused while others ran) and slot 2");
    }

    /** Seeds and shapes; 2269110875 is the seed whose xorshift state would start at 0 (it starts at 1). */
    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "seed=7;layers=1;hidden=8;vocab=100",
        "seed=123456789; layers=4; hidden=64; vocab=1000",
        "seed=4294967295;layers=3;hidden=1;vocab=2",
        "seed=0;hidden=256;vocab=300;layers=2",
        "seed=2269110875;hidden=5;vocab=7;layers=1",
        "seed=42;hidden=17;vocab=4099;layers=7;max-batch=4;max-seq-len=300;",
    })
    void configs(String config) {
        assertEquals(0, 2269110875L * 0x9E3779B1L + 0x7F4A7C15L & 0xFFFF_FFFFL, "the zero-state seed");
        ReferenceEngineModel m = new ReferenceEngineModel(ReferenceEngineModel.parseConfig(config));
        Script s = new Script(config).info().open(4, 300);
        int[] slots = {2, 0, 1, 3};
        s.prefill(slots, prompts(config.hashCode(), m.vocab(), 3, 1, 40, 12));
        s.gen(50, slots, new int[] {0, 1, m.vocab() - 1, 1});
        compare(s);
    }

    @Test
    void fillingASequenceToTheEnd() {
        Script s = new Script("max-seq-len=40").open(2, 40);
        s.prefill(new int[] {0}, prompts(4, 512, 39));
        s.gen(1, new int[] {0}, new int[] {5});
        s.gen(1, new int[] {0}, new int[] {5}); // full: all 40 positions used
        s.prefill(new int[] {1}, prompts(5, 512, 5));
        s.gen(35, new int[] {1}, new int[] {6});
        s.gen(1, new int[] {1}, new int[] {6}); // full
        s.prefill(new int[] {0}, prompts(6, 512, 40)); // occupied, and too long
        s.release(0).prefill(new int[] {0}, prompts(6, 512, 40)); // too long
        List<String> c = compare(s);
        assertTrue(c.get(3).matches("OK \\d+"), c.get(3)); // position 39, the last
        assertEquals("ERR 1 jh_decode: row 0: slot 0 is full (all 40 positions used)", c.get(4));
        assertEquals(36, c.get(6).split(" ").length, c.get(6)); // positions 5 .. 39
        assertEquals("ERR 1 jh_decode: row 0: slot 1 is full (all 40 positions used)", c.get(7));
        assertTrue(c.get(8).startsWith("ERR 1 jh_prefill: row 0: slot 0 holds a sequence"), c.get(8));
        assertTrue(c.get(10).startsWith("ERR 1 jh_prefill: row 0: a prompt of 40 tokens leaves no room"), c.get(10));
    }

    /** Random steps over 6 slots, misuse included: every line must match, rejected steps change nothing. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void randomSessions(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String config = "seed=" + seed + ";vocab=" + (50 + seed * 100) + ";hidden=" + (8 * seed) + ";layers=" + seed;
        int vocab = 50 + seed * 100;
        int slots = 6;
        int seqLen = 64;
        Script s = new Script(config).open(slots, seqLen);
        // A shadow of the session, so most steps pick slots that can take them.
        ReferenceEngineModel shadow = new ReferenceEngineModel(ReferenceEngineModel.parseConfig(config), slots, seqLen);
        for (int op = 0; op < 400; op++) {
            int kind = r.nextInt(10);
            int[] free = IntStream.range(0, slots).filter(i -> shadow.length(i) < 0).toArray();
            int[] live = IntStream.range(0, slots).filter(i -> shadow.length(i) >= 0 && shadow.length(i) < seqLen)
                    .toArray();
            boolean wild = r.nextInt(10) == 0; // any slots, free, busy or full
            if (kind < 3 && (free.length > 0 || wild)) {
                int[] rows = wild ? pick(r, slots, 1 + r.nextInt(3)) : pickFrom(r, free, 1 + r.nextInt(free.length));
                int[][] prompts = new int[rows.length][];
                for (int i = 0; i < rows.length; i++) {
                    prompts[i] = prompts(r.nextLong(), vocab, 1 + r.nextInt(20))[0];
                }
                s.prefill(rows, prompts);
                tryOn(() -> shadow.prefill(rows.length, rows, prompts, new int[rows.length]));
            } else if (kind < 9 && (live.length > 0 || wild)) {
                int[] rows = wild ? pick(r, slots, 1 + r.nextInt(slots)) : pickFrom(r, live, 1 + r.nextInt(live.length));
                int[] last = IntStream.range(0, rows.length).map(i -> r.nextInt(vocab)).toArray();
                if (r.nextInt(20) == 0) {
                    last[r.nextInt(last.length)] = r.nextBoolean() ? vocab : -1;
                }
                if (r.nextInt(20) == 0 && rows.length > 1) {
                    rows[1] = rows[0]; // a slot twice
                }
                s.decode(rows, last);
                tryOn(() -> shadow.decode(rows.length, rows, last, new int[rows.length]));
            } else {
                int slot = r.nextInt(slots);
                s.release(slot);
                shadow.release(slot);
            }
        }
        List<String> c = compare(s);
        long errors = c.stream().filter(l -> l.startsWith("ERR")).count();
        assertTrue(errors > 10 && errors < 100, errors + " rejected steps of 400");
    }

    // ----------------------------------------------------------------------------------------
    // the C engine alone: statuses, messages, info
    // ----------------------------------------------------------------------------------------

    @Test
    void misuseGivesInvalidArgumentWithAMessage() {
        List<String> out = run(String.join("\n",
                "abi",
                "create vocab=10;hidden=3;foo=1",
                "create vocab=1",
                "create vocab=abc",
                "create vocab=10;vocab=11",
                "create novalue",
                "create seed=4294967296",
                "create max-batch=4;max-seq-len=16",
                "info",
                "open 5 16",
                "open 0 16",
                "open 4 17",
                "open 4 1",
                "open 4 16",
                "open 1 2",
                "stream",
                "decode 3:1",
                "lasterror",
                "thread-lasterror",
                "prefill 0:1,2,3",
                "lasterror",
                "prefill 0:1,2,3",
                "decode 0:512",
                "decode 0:-1",
                "decode 0:1 0:1",
                "decode 4:1",
                "prefill 3:",
                "prefill 3:1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16",
                "prefill 3:1,512",
                "prefill-raw 1 3 1,2 5",
                "prefill-raw 2 3,2 0,2,1 5,6,7",
                "prefill-raw 0 3 0,1 5",
                "prefill-raw 5 0,1,2,3,3 0,1,2,3,4,5 5,6,7,8,9",
                "decode",
                "nulls",
                "release 4",
                "release -1",
                "release 3",
                "close",
                "open 4 16",
                "close",
                "destroy",
                "create  seed = 4294967295 ; layers=3;;",
                "info",
                "destroy"));
        String[] expected = {
            "OK 1",
            "ERR 1 unknown config key 'foo' (known: vocab, hidden, layers, max-batch, max-seq-len, seed)",
            "ERR 1 config value vocab=1: expected an integer in [2, 1048576]",
            "ERR 1 config value vocab=abc: expected an integer in [2, 1048576]",
            "ERR 1 config key 'vocab' is given twice",
            "ERR 1 config entry 'novalue' is not key=value",
            "ERR 1 config value seed=4294967296: expected an integer in [0, 4294967295]",
            "OK",
            "OK 512 4 16 0|c-reference|reference (seed=1, layers=2, hidden=32)|cpu|int32",
            "ERR 1 jh_open: max_batch 5 is outside [1, 4] (config max-batch)",
            "ERR 1 jh_open: max_batch 0 is outside [1, 4] (config max-batch)",
            "ERR 1 jh_open: max_seq_len 17 is outside [2, 16] (config max-seq-len)",
            "ERR 1 jh_open: max_seq_len 1 is outside [2, 16] (config max-seq-len)",
            "OK",
            "ERR 1 jh_open: a session is already open on this engine; close it first",
            "OK null",
            "ERR 1 jh_decode: row 0: slot 3 holds no sequence",
            "OK jh_decode: row 0: slot 3 holds no sequence",
            "OK ", // thread-local: another thread sees no error
            "OK " + new ReferenceEngineModel(Map.of()).prefill(0, new int[] {1, 2, 3}),
            "OK ", // a success clears the message
            "ERR 1 jh_prefill: row 0: slot 0 holds a sequence (3 positions); release it first",
            "ERR 1 jh_decode: row 0: last token 512 is outside the vocabulary [0, 512)",
            "ERR 1 jh_decode: row 0: last token -1 is outside the vocabulary [0, 512)",
            "ERR 1 jh_decode: row 1: slot 0 appears twice in one step",
            "ERR 1 jh_decode: row 0: slot 4 is outside [0, 4)",
            "ERR 1 jh_prefill: row 0: the prompt is empty",
            "ERR 1 jh_prefill: row 0: a prompt of 16 tokens leaves no room to generate in slots of 16 positions"
                    + " (at most 15 prompt tokens)",
            "ERR 1 jh_prefill: row 0: prompt token 512 is outside the vocabulary [0, 512)",
            "ERR 1 jh_prefill: prompt_offsets[0] is 1, not 0",
            "ERR 1 jh_prefill: row 1: prompt_offsets decrease (2, then 1)",
            "ERR 1 jh_prefill: count 0 is outside [1, 4] (the session's max_batch)",
            "ERR 1 jh_prefill: count 5 is outside [1, 4] (the session's max_batch)",
            "ERR 1 jh_decode: count 0 is outside [1, 4] (the session's max_batch)",
            "OK 1 1 1 1 1 1 1 1",
            "ERR 1 jh_release: slot 4 is outside [0, 4)",
            "ERR 1 jh_release: slot -1 is outside [0, 4)",
            "OK", // releasing a free slot is allowed
            "OK",
            "OK", // a closed session makes room for the next
            "OK",
            "OK",
            "OK",
            "OK 512 256 4096 0|c-reference|reference (seed=4294967295, layers=3, hidden=32)|cpu|int32",
            "OK",
        };
        for (int i = 0; i < Math.max(expected.length, out.size()); i++) {
            assertEquals(i < expected.length ? expected[i] : "(none)", i < out.size() ? out.get(i) : "(none)",
                    "line " + (i + 1));
        }
    }

    /** The point of a reference engine: a binding that mixes up slots or positions gets other tokens. */
    @Test
    void tokensDependOnPromptSeedAndHistory() {
        ReferenceEngineModel a = new ReferenceEngineModel(Map.of(), 2, 512);
        int[] streamA = generate(a, 0, prompts(7, 512, 10)[0], 300);
        a.release(0);
        Set<Integer> distinct = Arrays.stream(streamA).boxed().collect(Collectors.toSet());
        assertTrue(distinct.size() > 50, distinct.size() + " distinct tokens in 300");
        ReferenceEngineModel b = new ReferenceEngineModel(Map.of("seed", "2"), 1, 512);
        assertNotEquals(Arrays.toString(streamA), Arrays.toString(generate(b, 0, prompts(7, 512, 10)[0], 300)),
                "seed 2 vs seed 1");
        // Only the first of 20 prompt tokens differs: its K/V alone must change the stream.
        int differ = 0;
        for (int k = 0; k < 20; k++) {
            int[] p = prompts(100 + k, 512, 20)[0];
            int[] q = p.clone();
            q[0] = (q[0] + 1 + k) % 512;
            int[] sp = generate(a, 0, p, 30);
            int[] sq = generate(a, 1, q, 30);
            a.release(0);
            a.release(1);
            differ += Arrays.equals(sp, sq) ? 0 : 1;
        }
        assertTrue(differ >= 18, "only " + differ + " of 20 streams changed with the first prompt token");
        // The same token at new positions, after more history, gives other next tokens.
        Set<Integer> afterSameToken = new HashSet<>();
        a.prefill(0, new int[] {1});
        for (int i = 0; i < 100; i++) {
            afterSameToken.add(a.decode(0, 3));
        }
        assertTrue(afterSameToken.size() >= 3, afterSameToken.size() + " next tokens after 100 times token 3");
    }

    @Test
    void modelRejectsMisuseAndChangesNothing() {
        ReferenceEngineModel m = new ReferenceEngineModel(Map.of("max-seq-len", "8"), 2, 8);
        assertThrows(IllegalArgumentException.class, () -> new ReferenceEngineModel(Map.of("bogus", "1")));
        assertThrows(IllegalArgumentException.class, () -> new ReferenceEngineModel(Map.of(), 257, 8));
        int first = m.prefill(0, new int[] {1, 2});
        assertThrows(IllegalArgumentException.class,
                () -> m.prefill(2, new int[] {0, 1}, new int[][] {{1}, {1, 2}}, new int[2]), "row 1 is busy");
        assertEquals(-1, m.length(1), "a rejected prefill fills nothing");
        assertThrows(IllegalArgumentException.class, () -> m.decode(2, new int[] {0, 1}, new int[] {1, 1}, new int[2]));
        assertEquals(2, m.length(0), "a rejected decode advances nothing");
        assertEquals(first, new ReferenceEngineModel(Map.of()).prefill(0, new int[] {1, 2}));
        assertEquals("reference (seed=1, layers=2, hidden=32)", m.modelName());
    }

    @Test
    void theLibraryIsPackagedAsAResource() {
        assertNotNull(ReferenceEngineModelTest.class.getResource(RESOURCE),
                RESOURCE + " is missing from the classes: engine-bindings/pom.xml compiles it in generate-resources");
    }

    // ----------------------------------------------------------------------------------------
    // scripts
    // ----------------------------------------------------------------------------------------

    /** A driver script, and the same steps on the Java model. */
    static final class Script {
        final List<String> lines = new ArrayList<>();
        final Map<String, String> config;

        Script(String config) {
            this.config = ReferenceEngineModel.parseConfig(config);
            lines.add("create " + config);
        }

        Script info() {
            lines.add("info");
            return this;
        }

        Script open(int maxBatch, int maxSeqLen) {
            lines.add("open " + maxBatch + " " + maxSeqLen);
            return this;
        }

        Script prefill(int[] slots, int[][] prompts) {
            lines.add("prefill " + IntStream.range(0, slots.length)
                    .mapToObj(i -> slots[i] + ":" + join(prompts[i])).collect(Collectors.joining(" ")));
            return this;
        }

        Script decode(int[] slots, int[] last) {
            return gen(1, slots, last);
        }

        Script gen(int steps, int[] slots, int[] last) {
            lines.add((steps == 1 ? "decode " : "gen " + steps + " ") + IntStream.range(0, slots.length)
                    .mapToObj(i -> slots[i] + ":" + last[i]).collect(Collectors.joining(" ")));
            return this;
        }

        Script release(int slot) {
            lines.add("release " + slot);
            return this;
        }

        /** What the driver must print, per the Java model ("ERR" alone where the model throws). */
        List<String> expected() {
            List<String> out = new ArrayList<>();
            ReferenceEngineModel m = null;
            for (String line : lines) {
                String[] w = line.split(" ");
                try {
                    switch (w[0]) {
                        case "create" -> out.add("OK");
                        case "info" -> {
                            ReferenceEngineModel e = new ReferenceEngineModel(config);
                            out.add("OK " + e.vocab() + " " + e.maxBatch() + " " + e.maxSeqLen() + " 0|c-reference|"
                                    + e.modelName() + "|cpu|int32");
                        }
                        case "open" -> {
                            m = new ReferenceEngineModel(config, Integer.parseInt(w[1]), Integer.parseInt(w[2]));
                            out.add("OK");
                        }
                        case "release" -> {
                            m.release(Integer.parseInt(w[1]));
                            out.add("OK");
                        }
                        case "prefill" -> {
                            int n = w.length - 1;
                            int[] slots = new int[n];
                            int[][] prompts = new int[n][];
                            for (int i = 0; i < n; i++) {
                                String[] sp = w[1 + i].split(":", -1);
                                slots[i] = Integer.parseInt(sp[0]);
                                prompts[i] = sp[1].isEmpty() ? new int[0]
                                        : Arrays.stream(sp[1].split(",")).mapToInt(Integer::parseInt).toArray();
                            }
                            int[] first = new int[n];
                            m.prefill(n, slots, prompts, first);
                            out.add(ok(first));
                        }
                        case "decode", "gen" -> {
                            int steps = w[0].equals("gen") ? Integer.parseInt(w[1]) : 1;
                            int from = w[0].equals("gen") ? 2 : 1;
                            int n = w.length - from;
                            int[] slots = new int[n];
                            int[] last = new int[n];
                            for (int i = 0; i < n; i++) {
                                String[] sp = w[from + i].split(":");
                                slots[i] = Integer.parseInt(sp[0]);
                                last[i] = Integer.parseInt(sp[1]);
                            }
                            int[] all = new int[steps * n];
                            int[] next = new int[n];
                            for (int t = 0; t < steps; t++) {
                                m.decode(n, slots, last, next);
                                System.arraycopy(next, 0, all, t * n, n);
                                System.arraycopy(next, 0, last, 0, n);
                            }
                            out.add(ok(all));
                        }
                        default -> throw new IllegalStateException("no model for " + w[0]);
                    }
                } catch (IllegalArgumentException e) {
                    out.add("ERR");
                }
            }
            return out;
        }
    }

    /** Runs the script on both; every line must match ("ERR 1 ..." where the model throws). */
    static List<String> compare(Script s) {
        List<String> expected = s.expected();
        List<String> actual = run(String.join("\n", s.lines));
        assertEquals(expected.size(), actual.size(), "lines of output");
        for (int i = 0; i < expected.size(); i++) {
            String e = expected.get(i);
            String a = actual.get(i);
            String where = "line " + (i + 1) + ": " + abbreviate(s.lines.get(i));
            if (e.equals("ERR")) {
                assertTrue(a.startsWith("ERR 1 "), where + ": the model rejects it, C printed " + abbreviate(a));
            } else if (!e.equals(a)) {
                fail(where + "\n  Java " + abbreviate(e) + "\n  C    " + abbreviate(a));
            }
        }
        return actual;
    }

    static List<String> run(String script) {
        try {
            Process p = new ProcessBuilder(driver.toString(), library.toString()).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            try (var in = p.getOutputStream()) {
                in.write((script + "\n").getBytes(StandardCharsets.UTF_8));
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the driver timed out");
            assertEquals(0, p.exitValue(), "driver exit status; stderr: " + err.join());
            assertEquals("", err.join(), "driver stderr");
            return out.join().lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ----------------------------------------------------------------------------------------
    // helpers
    // ----------------------------------------------------------------------------------------

    static int[] generate(ReferenceEngineModel m, int slot, int[] prompt, int decodes) {
        int[] out = new int[decodes + 1];
        out[0] = m.prefill(slot, prompt);
        for (int t = 1; t <= decodes; t++) {
            out[t] = m.decode(slot, out[t - 1]);
        }
        return out;
    }

    /** Prompts of the given lengths, tokens in [0, vocab), the same for the same seed. */
    static int[][] prompts(long seed, int vocab, int... lengths) {
        SplittableRandom r = new SplittableRandom(seed);
        return Arrays.stream(lengths).mapToObj(n -> r.ints(n, 0, vocab).toArray()).toArray(int[][]::new);
    }

    /** {@code n} distinct slots of {@code [0, slots)}, in random order. */
    static int[] pick(SplittableRandom r, int slots, int n) {
        int[] all = IntStream.range(0, slots).toArray();
        for (int i = slots - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, n);
    }

    /** {@code n} distinct elements of {@code from}, in random order. */
    static int[] pickFrom(SplittableRandom r, int[] from, int n) {
        return Arrays.stream(pick(r, from.length, n)).map(i -> from[i]).toArray();
    }

    static void tryOn(Runnable step) {
        try {
            step.run();
        } catch (IllegalArgumentException rejected) {
            // the script expects it too
        }
    }

    /** Tokens {@code offset, offset + stride, ...} of an "OK t t t" line. */
    static List<String> everyNth(String okLine, int stride, int offset) {
        String[] w = okLine.split(" ");
        List<String> out = new ArrayList<>();
        for (int i = 1 + offset; i < w.length; i += stride) {
            out.add(w[i]);
        }
        return out;
    }

    static String ok(int[] tokens) {
        return "OK" + Arrays.stream(tokens).mapToObj(t -> " " + t).collect(Collectors.joining());
    }

    static String join(int[] tokens) {
        return Arrays.stream(tokens).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " chars)";
    }

    static List<String> concat(List<String> flags, String... more) {
        List<String> all = new ArrayList<>();
        all.add("gcc");
        all.addAll(flags);
        all.addAll(List.of(more));
        return all;
    }

    static void gcc(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = read(p.getInputStream());
        if (p.waitFor() != 0) {
            fail(String.join(" ", command) + " failed:\n" + output);
        }
    }

    static boolean gccWorks() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            read(p.getInputStream());
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path fromUrl(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
