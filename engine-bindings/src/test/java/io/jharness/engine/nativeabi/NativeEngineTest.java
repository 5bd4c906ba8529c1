package io.jharness.engine.nativeabi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jharness.engine.Engine;
import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineException;
import io.jharness.engine.EngineInfo;
import io.jharness.engine.EngineRegistry;
import io.jharness.engine.EngineSession;
import io.jharness.engine.EngineSpec;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The native engine through FFM: the C reference engine's tokens against its Java twin
 * ({@link ReferenceEngineModel}), the engine's messages in the exceptions, and the checks made
 * before a library is bound (a missing file, another ABI version, a missing function, no native
 * access).
 */
class NativeEngineTest {

    private static final String LIB = "libjharness_reference.so";

    private static int[] prompt(SplittableRandom r, int length, int vocab) {
        return r.ints(length, 0, vocab).toArray();
    }

    // ----------------------------------------------------------------------------------------
    // tokens: C through FFM == the Java model
    // ----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "config \"{0}\"")
    @ValueSource(strings = {"", "seed=7; vocab=1000; hidden=16; layers=3; max-batch=8; max-seq-len=256"})
    void tokensEqualTheJavaModel(String config) {
        int maxBatch = 4;
        int maxSeqLen = 192;
        int decodes = 100;
        try (NativeEngine engine = NativeTestSupport.reference(config);
                EngineSession s = engine.open(maxBatch, maxSeqLen)) {
            ReferenceEngineModel model =
                    new ReferenceEngineModel(ReferenceEngineModel.parseConfig(config), maxBatch, maxSeqLen);
            int vocab = engine.info().vocabSize();
            assertEquals(model.vocab(), vocab);
            SplittableRandom r = new SplittableRandom(config.hashCode());

            // Four prompts of different lengths, in slots out of row order where the engine allows it.
            int[] slots = s.rowsAreSlots() ? new int[] {0, 1, 2, 3} : new int[] {2, 0, 3, 1};
            int[][] prompts = {prompt(r, 1, vocab), prompt(r, 5, vocab), prompt(r, 17, vocab), prompt(r, 40, vocab)};
            int[] got = new int[maxBatch];
            int[] want = new int[maxBatch];
            s.prefill(maxBatch, slots, prompts, got);
            model.prefill(maxBatch, slots, prompts, want);
            assertArrayEquals(want, got, "prefill");
            int[] last = new int[maxBatch];
            for (int t = 1; t <= decodes; t++) {
                System.arraycopy(got, 0, last, 0, maxBatch);
                s.decode(maxBatch, slots, last, got);
                model.decode(maxBatch, slots, last, want);
                assertArrayEquals(want, got, "decode step " + t);
            }
            assertFalse(Arrays.stream(got).allMatch(x -> x == got[0]), "all rows generated the same token");

            // Release two slots, refill them while the other two go on, then decode all four.
            int[] freed = {slots[1], slots[3]};
            for (int slot : freed) {
                s.release(slot);
                model.release(slot);
            }
            int[][] again = {prompt(r, 9, vocab), prompt(r, 3, vocab)};
            int[] refillSlots = s.rowsAreSlots() ? new int[] {0, 1} : new int[] {freed[1], freed[0]};
            if (s.rowsAreSlots()) {
                for (int slot : slots) {
                    s.release(slot);
                    model.release(slot);
                }
            }
            int[] firstGot = new int[2];
            int[] firstWant = new int[2];
            s.prefill(2, refillSlots, again, firstGot);
            model.prefill(2, refillSlots, again, firstWant);
            assertArrayEquals(firstWant, firstGot, "prefill into released slots");
            if (!s.rowsAreSlots()) {
                int[] all = {slots[0], freed[1], slots[2], freed[0]};
                int[] lastAll = {got[0], firstGot[0], got[2], firstGot[1]};
                int[] nextGot = new int[maxBatch];
                int[] nextWant = new int[maxBatch];
                for (int t = 1; t <= 20; t++) {
                    s.decode(maxBatch, all, lastAll, nextGot);
                    model.decode(maxBatch, all, lastAll, nextWant);
                    assertArrayEquals(nextWant, nextGot, "decode step " + t + " after the refill");
                    System.arraycopy(nextGot, 0, lastAll, 0, maxBatch);
                }
            }
        }
    }

    @Test
    void aFullSequenceMatchesTheModelToItsLastPosition() {
        try (NativeEngine engine = NativeTestSupport.reference(""); EngineSession s = engine.open(1, 16)) {
            ReferenceEngineModel model = new ReferenceEngineModel(Map.of(), 1, 16);
            int[] slot = {0};
            int[] got = new int[1];
            int[] want = new int[1];
            int[][] prompt = {prompt(new SplittableRandom(3), 10, model.vocab())};
            s.prefill(1, slot, prompt, got);
            model.prefill(1, slot, prompt, want);
            while (model.length(0) < 16) {
                assertArrayEquals(want, got, "at length " + model.length(0));
                int[] last = got.clone();
                s.decode(1, slot, last, got);
                model.decode(1, slot, last, want);
            }
            assertArrayEquals(want, got);
            EngineException e = assertThrows(EngineException.class, () -> s.decode(1, slot, got.clone(), new int[1]));
            assertTrue(e.getMessage().contains("full"), e.getMessage());
        }
    }

    // ----------------------------------------------------------------------------------------
    // info, options, lifecycle
    // ----------------------------------------------------------------------------------------

    @Test
    void infoDescribesTheLibrary() {
        try (NativeEngine engine = NativeTestSupport.reference("seed=5; layers=1")) {
            ReferenceEngineModel model = new ReferenceEngineModel(Map.of("seed", "5", "layers", "1"));
            EngineInfo info = engine.info();
            assertEquals("native", info.engine());
            assertEquals(model.modelName(), info.model());
            assertEquals("c-reference", info.versions().get("library_engine"));
            assertEquals("cpu", info.device());
            assertEquals("int32", info.dtype());
            assertEquals(model.vocab(), info.vocabSize());
            assertEquals(model.maxBatch(), info.maxBatchSize());
            assertEquals(model.maxSeqLen(), info.maxSeqLen());
            assertEquals("wall", info.clock());
            assertFalse(info.simulated());
            assertEquals(Map.of("abi", "1", "library", engine.library().toString(), "library_engine", "c-reference"),
                    info.versions());
            assertTrue(engine.library().isAbsolute());
            assertEquals(LIB, engine.library().getFileName().toString());
        }
    }

    @Test
    void theRegistryFindsTheNativeEngine() {
        assertTrue(EngineRegistry.load().find("native").isPresent());
        NativeEngineProvider p = new NativeEngineProvider();
        assertFalse(p.usesGpu());
        assertFalse(p.needsModel());
        assertTrue(p.availability().available());
        // --engine auto never picks it: it is neither a GPU engine nor one that loads --model.
        assertNotEquals("native", EngineRegistry.load().select("auto", false).provider().name());
    }

    @Test
    void theSessionReportsNoStreamOnTheCpuAndClosesWithTheEngine() {
        NativeEngine engine = NativeTestSupport.reference("");
        EngineSession s = engine.open(2, 32);
        assertEquals(MemorySegment.NULL, ((NativeSession) s).stream());
        EngineException twice = assertThrows(EngineException.class, () -> engine.open(1, 32));
        assertTrue(twice.getMessage().contains("session open"), twice.getMessage());
        engine.close();
        engine.close();
        EngineException e = assertThrows(EngineException.class, () -> s.decode(1, new int[] {0}, new int[] {0}, new int[1]));
        assertEquals("the session is closed", e.getMessage());
        assertThrows(EngineException.class, () -> engine.open(1, 32));
    }

    @Test
    void unknownOptionsAndModelFlagsAreConfigErrors() {
        NativeTestSupport.assumeBundledReference();
        NativeEngineProvider p = new NativeEngineProvider();
        EngineConfigException e = assertThrows(EngineConfigException.class,
                () -> p.create(new EngineSpec(null, null, null, 1, Map.of("libary", "x.so"))));
        assertTrue(e.getMessage().contains("'libary'") && e.getMessage().contains("lib, config, gpu-timer"), e.getMessage());
        // --model and --device go to the library as model= and device=; the reference engine has neither key.
        e = assertThrows(EngineConfigException.class, () -> p.create(new EngineSpec(null, "m.pt", null, 1, Map.of())));
        assertTrue(e.getMessage().contains("unknown config key 'model'"), e.getMessage());
        e = assertThrows(EngineConfigException.class, () -> p.create(new EngineSpec("cuda:0", null, null, 1, Map.of())));
        assertTrue(e.getMessage().contains("unknown config key 'device'"), e.getMessage());
        e = assertThrows(EngineConfigException.class,
                () -> p.create(new EngineSpec(null, "m.pt", null, 1, Map.of("config", "model=n.pt"))));
        assertTrue(e.getMessage().contains("--model m.pt and --native-config 'model=n.pt' both set model"), e.getMessage());
        e = assertThrows(EngineConfigException.class,
                () -> p.create(new EngineSpec(null, null, null, 1, Map.of("gpu-timer", "maybe"))));
        assertTrue(e.getMessage().contains("gpu-timer=maybe"), e.getMessage());
    }

    // ----------------------------------------------------------------------------------------
    // the engine's messages
    // ----------------------------------------------------------------------------------------

    @Test
    void stepErrorsCarryTheEnginesMessage() {
        try (NativeEngine engine = NativeTestSupport.reference(""); EngineSession s = engine.open(2, 32)) {
            int vocab = engine.info().vocabSize();
            int[] out = new int[2];
            s.prefill(1, new int[] {0}, new int[][] {{1, 2, 3}}, out);
            EngineException e = assertThrows(EngineException.class,
                    () -> s.decode(1, new int[] {0}, new int[] {vocab}, new int[1]));
            assertFalse(e instanceof EngineConfigException, "a failed step is not a configuration error");
            assertTrue(e.getMessage().startsWith(LIB + ": jh_decode: "), e.getMessage());
            assertTrue(e.getMessage().contains(vocab + " is outside the vocabulary [0, " + vocab + ")"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(JH_ERR_INVALID_ARGUMENT)"), e.getMessage());

            e = assertThrows(EngineException.class, () -> s.prefill(1, new int[] {0}, new int[][] {{4}}, new int[1]));
            assertTrue(e.getMessage().contains("jh_prefill") && e.getMessage().contains("slot 0"), e.getMessage());

            e = assertThrows(EngineException.class, () -> s.release(7));
            assertTrue(e.getMessage().contains("jh_release") && e.getMessage().contains("slot 7"), e.getMessage());

            // The Java side checks only what keeps its copies inside its buffers.
            e = assertThrows(EngineException.class, () -> s.decode(3, new int[3], new int[3], new int[3]));
            assertEquals("a step of 3 sequences in a session of 2 slots", e.getMessage());

            // The session goes on after the errors.
            s.decode(1, new int[] {0}, new int[] {out[0]}, out);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vocab=1", "colour=blue", "seed"})
    void badConfigStringsAreConfigErrorsWithTheEnginesMessage(String config) {
        NativeTestSupport.assumeBundledReference();
        EngineConfigException e = assertThrows(EngineConfigException.class, () -> NativeTestSupport.reference(config));
        assertTrue(e.getMessage().startsWith(LIB + ": jh_create: "), e.getMessage());
        assertTrue(e.getMessage().contains(config.contains("=") ? config.substring(0, config.indexOf('=')) : config),
                e.getMessage());
        IllegalArgumentException javaModel = assertThrows(IllegalArgumentException.class,
                () -> new ReferenceEngineModel(ReferenceEngineModel.parseConfig(config)));
        assertTrue(javaModel.getMessage() != null, "the Java model rejects it too");
    }

    @Test
    void sessionsBeyondTheLimitsAreConfigErrorsWithTheEnginesMessage() {
        try (NativeEngine engine = NativeTestSupport.reference("max-batch=8")) {
            EngineConfigException e = assertThrows(EngineConfigException.class, () -> engine.open(9, 32));
            assertTrue(e.getMessage().contains("jh_open") && e.getMessage().contains("max_batch 9"), e.getMessage());
            e = assertThrows(EngineConfigException.class, () -> engine.open(1, 1));
            assertTrue(e.getMessage().contains("max_seq_len 1"), e.getMessage());
            engine.open(8, 32).close();
        }
    }

    // ----------------------------------------------------------------------------------------
    // libraries that are not bound
    // ----------------------------------------------------------------------------------------

    private static Engine load(Path lib) {
        return new NativeEngineProvider().create(new EngineSpec(null, null, null, 1, Map.of("lib", lib.toString())));
    }

    @Test
    void aLibraryOfAnotherAbiVersionIsRefusedNamingBothVersions(@TempDir Path dir) {
        Path lib = NativeTestSupport.stubLibrary(dir, "abi2", 2, Set.of());
        EngineConfigException e = assertThrows(EngineConfigException.class, () -> load(lib));
        assertTrue(e.getMessage().contains("ABI version 2") && e.getMessage().contains("ABI version 1"), e.getMessage());
        assertTrue(e.getMessage().contains("libabi2.so"), e.getMessage());
    }

    @Test
    void aLibraryThatDoesNotExistIsAConfigError(@TempDir Path dir) {
        Path missing = dir.resolve("libnothing.so");
        EngineConfigException e = assertThrows(EngineConfigException.class, () -> load(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aFileThatIsNotALibraryIsAConfigError(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("libtext.so"), "not an ELF file\n");
        EngineConfigException e = assertThrows(EngineConfigException.class, () -> load(text));
        assertTrue(e.getMessage().contains("does not load"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jh_decode", "jh_stream", "jh_last_error"})
    void aLibraryMissingAFunctionIsRefusedNamingIt(String function, @TempDir Path dir) {
        Path lib = NativeTestSupport.stubLibrary(dir, "no_" + function, 1, Set.of(function));
        EngineConfigException e = assertThrows(EngineConfigException.class, () -> load(lib));
        assertTrue(e.getMessage().contains("lacks the function " + function + " "), e.getMessage());
    }

    @Test
    void aLibraryWithoutAnAbiVersionIsNotAnEngine(@TempDir Path dir) {
        Path lib = NativeTestSupport.stubLibrary(dir, "noversion", 1, Set.of("jh_abi_version", "jh_open"));
        EngineConfigException e = assertThrows(EngineConfigException.class, () -> load(lib));
        assertTrue(e.getMessage().contains("is not a jharness engine: it has no jh_abi_version"), e.getMessage());
    }

    /** The bindings resolve their symbols once: a JVM runs one engine library. */
    @Test
    void aSecondLibraryInTheSameJvmIsRefused(@TempDir Path dir) {
        // The reference engine first, so that it, and not the stub, is the library this JVM binds.
        NativeTestSupport.reference("").close();
        assumeTrue(NativeTestSupport.haveGcc(), "no gcc");
        Path lib = NativeTestSupport.stubLibrary(dir, "other", 1, Set.of());
        EngineConfigException e = assertThrows(EngineConfigException.class, () -> load(lib));
        assertTrue(e.getMessage().contains("already bound") && e.getMessage().contains("libother.so"), e.getMessage());
        // The reference engine still works.
        try (NativeEngine engine = NativeTestSupport.reference(""); EngineSession s = engine.open(1, 8)) {
            s.prefill(1, new int[] {0}, new int[][] {{1}}, new int[1]);
        }
    }

    // ----------------------------------------------------------------------------------------
    // native access
    // ----------------------------------------------------------------------------------------

    /** Run in a JVM without native access: prints what creating the native engine throws. */
    public static final class WithoutNativeAccess {
        public static void main(String[] args) {
            try {
                new NativeEngineProvider().create(new EngineSpec(null, null, null, 1, Map.of())).close();
                System.out.println("created");
            } catch (RuntimeException e) {
                System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    @Test
    void withoutNativeAccessTheEngineSaysHowToEnableIt() throws Exception {
        NativeTestSupport.assumeBundledReference();
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = List.of(java, "--illegal-native-access=deny", "-cp", System.getProperty("java.class.path"),
                WithoutNativeAccess.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        assertEquals("EngineConfigException: " + NativeLibrary.NATIVE_ACCESS_HINT, out.strip());
    }
}
