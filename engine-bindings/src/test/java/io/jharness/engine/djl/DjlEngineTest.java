package io.jharness.engine.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jharness.engine.Engine;
import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineException;
import io.jharness.engine.EngineInfo;
import io.jharness.engine.EngineSession;
import io.jharness.engine.EngineSpec;
import io.jharness.engine.cuda.CudaDriver;
import io.jharness.engine.timing.StepTimer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The djl engine on the CPU with the fixtures in models/fixtures: reference outputs, errors, info. */
class DjlEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Engine create(String device, String model, String dtype, Map<String, String> options) {
        return new DjlEngineProvider().create(new EngineSpec(device, model, dtype, 0, options));
    }

    private static Engine create(Path model) {
        return create("cpu", model.toString(), null, Map.of());
    }

    private static JsonNode readSidecar(String fixture) throws IOException {
        return JSON.readTree(DjlTestSupport.sidecar(fixture).toFile());
    }

    /** Copies a fixture's .pt into the temp dir as model.pt with its JSON edited by {@code edit}. */
    private Path copyWithJson(String fixture, Consumer<ObjectNode> edit) throws IOException {
        Path pt = tmp.resolve("model.pt");
        Files.copy(DjlTestSupport.model(fixture), pt, StandardCopyOption.REPLACE_EXISTING);
        ObjectNode root = (ObjectNode) readSidecar(fixture);
        edit.accept(root);
        JSON.writeValue(tmp.resolve("model.json").toFile(), root);
        return pt;
    }

    private static int[] ints(JsonNode array) {
        int[] a = new int[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).asInt();
        }
        return a;
    }

    // ----------------------------------------------------------------------------------------
    // (a) greedy reference
    // ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-llama"})
    void greedyTokensMatchTheExportersReference(String fixture) throws IOException {
        JsonNode greedy = readSidecar(fixture).path("reference").path("greedy");
        int[] prompt = ints(greedy.get("prompt"));
        int[] expected = ints(greedy.get("tokens"));
        assertEquals(16, expected.length, "fixture's greedy tokens");
        try (Engine engine = DjlTestSupport.create(fixture); EngineSession s = engine.open(1, 64)) {
            int[] got = new int[expected.length];
            int[] out = new int[1];
            s.prefill(1, new int[] {0}, new int[][] {prompt}, out);
            got[0] = out[0];
            for (int i = 1; i < got.length; i++) {
                s.decode(1, new int[] {0}, new int[] {out[0]}, out);
                got[i] = out[0];
            }
            assertArrayEquals(expected, got, fixture + ": greedy tokens from " + Arrays.toString(prompt)
                    + "\n  expected " + Arrays.toString(expected) + "\n  got      " + Arrays.toString(got));
        }
    }

    // ----------------------------------------------------------------------------------------
    // (b) self-check
    // ----------------------------------------------------------------------------------------

    private void assertSelfCheckFails(Path model) {
        EngineException e = assertThrows(EngineException.class, () -> create(model).close());
        String m = e.getMessage();
        assertTrue(m.contains("self-check failed"), m);
        assertTrue(m.contains("DJL 0.35.1"), "names DJL's version: " + m);
        assertTrue(m.contains("libtorch"), "names libtorch: " + m);
        assertFalse(m.contains("\n"), "one line: " + m);
    }

    private static void mapLogits(ObjectNode root, java.util.function.DoubleUnaryOperator f) {
        ArrayNode rows = (ArrayNode) root.with("reference").get("logits");
        for (JsonNode row : rows) {
            ArrayNode r = (ArrayNode) row;
            for (int j = 0; j < r.size(); j++) {
                r.set(j, f.applyAsDouble(r.get(j).asDouble()));
            }
        }
    }

    @Test
    void scaledReferenceLogitsFailTheSelfCheck() throws IOException {
        assertSelfCheckFails(copyWithJson("tiny-gpt2", root -> mapLogits(root, x -> x * 1.5)));
    }

    @Test
    void shiftedReferenceLogitsFailTheSelfCheck() throws IOException {
        assertSelfCheckFails(copyWithJson("tiny-llama", root -> mapLogits(root, x -> x + 1.0)));
    }

    @Test
    void aWrongReferenceArgmaxFailsTheSelfCheck() throws IOException {
        assertSelfCheckFails(copyWithJson("tiny-gpt2", root -> {
            ArrayNode argmax = (ArrayNode) root.with("reference").get("argmax");
            argmax.set(0, (argmax.get(0).asInt() + 1) % 512);
        }));
    }

    @Test
    void anUntouchedCopyLoads() throws IOException {
        try (Engine e = create(copyWithJson("tiny-gpt2", root -> {}))) {
            assertEquals(512, e.info().vocabSize());
        }
    }

    // ----------------------------------------------------------------------------------------
    // (c) configuration errors
    // ----------------------------------------------------------------------------------------

    private static String configError(Runnable create) {
        EngineConfigException e = assertThrows(EngineConfigException.class, create::run);
        assertNotNull(e.getMessage());
        return e.getMessage();
    }

    @Test
    void contractVersion2IsRefused() throws IOException {
        Path pt = copyWithJson("tiny-gpt2", root -> root.put("contract_version", 2));
        String m = configError(() -> create(pt));
        assertTrue(m.contains("contract_version"), m);
        assertTrue(m.contains("2"), m);
    }

    @Test
    void aMissingSidecarNamesTheExporter() throws IOException {
        Path pt = tmp.resolve("model.pt");
        Files.copy(DjlTestSupport.model("tiny-gpt2"), pt);
        String m = configError(() -> create(pt));
        assertTrue(m.contains("export_model.py"), m);
        assertTrue(m.contains("model.json"), m);
    }

    @Test
    void aMissingModelFileIsAConfigError() {
        String m = configError(() -> create(tmp.resolve("nothing-here.pt")));
        assertTrue(m.contains("nothing-here.pt"), m);
        configError(() -> create(tmp)); // a directory
    }

    @Test
    void noModelNamesTheOption() {
        String m = configError(() -> create("cpu", null, null, Map.of()));
        assertTrue(m.contains("--model"), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fp16", "bf16", "float16"})
    void aDtypeOtherThanTheModelsIsAConfigError(String dtype) {
        String m = configError(() -> create("cpu", DjlTestSupport.model("tiny-gpt2").toString(), dtype, Map.of()));
        assertTrue(m.contains(dtype), m);
        assertTrue(m.contains("fp32"), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fp32", "float32", "FP32"})
    void theModelsOwnDtypeIsAccepted(String dtype) {
        try (Engine e = create("cpu", DjlTestSupport.model("tiny-gpt2").toString(), dtype, Map.of())) {
            assertEquals("fp32", e.info().dtype());
        }
    }

    @Test
    void unknownEngineOptionsAreConfigErrors() {
        String model = DjlTestSupport.model("tiny-gpt2").toString();
        String m = configError(() -> create("cpu", model, null, Map.of("threads", "4")));
        assertTrue(m.contains("threads"), m);
        assertTrue(m.contains("gpu-timer"), "lists the options it has: " + m);
        m = configError(() -> create("cpu", model, null, Map.of("gpu-timer", "maybe")));
        assertTrue(m.contains("maybe"), m);
        try (Engine e = create("cpu", model, null, Map.of("gpu-timer", "off"))) {
            assertEquals("host-clock", e.newStepTimer().name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cuda", "cuda:0", "gpu", "CUDA:1"})
    void cudaWithoutAGpuIsAConfigErrorSayingWhy(String device) {
        assumeFalse(CudaDriver.available(), "this machine has a GPU");
        String m = configError(() -> create(device, DjlTestSupport.model("tiny-gpt2").toString(), null, Map.of()));
        assertTrue(m.contains(device), m);
        assertTrue(m.contains("needs a CUDA device: " + CudaDriver.unavailableReason()), m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tpu", "cuda:", "cuda:-1", "cpu:0", "mps", ""})
    void unknownDevicesAreConfigErrors(String device) {
        String m = configError(() -> create(device, DjlTestSupport.model("tiny-gpt2").toString(), null, Map.of()));
        assertTrue(m.contains("cpu, cuda or cuda:N"), m);
    }

    @Test
    void brokenSidecarsAreConfigErrors() throws IOException {
        configError(() -> {
            try {
                create(copyWithJson("tiny-gpt2", root -> root.put("dtype", "int8")));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        configError(() -> {
            try {
                create(copyWithJson("tiny-gpt2", root -> root.remove("vocab_size")));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        String m = configError(() -> {
            try {
                create(copyWithJson("tiny-gpt2", root -> root.remove("reference")));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(m.contains("reference"), m);
        Files.writeString(tmp.resolve("model.json"), "{ not json");
        configError(() -> create(tmp.resolve("model.pt")));
    }

    @Test
    void aSidecarThatDoesNotDescribeTheModelIsAConfigError() throws IOException {
        // The cache the engine allocates from the JSON does not fit the model's layers.
        Path layers = copyWithJson("tiny-gpt2", root -> root.put("num_layers", 3));
        String m = configError(() -> create(layers));
        assertTrue(m.contains("contract"), m);
        // The logits the model returns are not the vocabulary the JSON declares.
        Path vocab = copyWithJson("tiny-gpt2", root -> root.put("vocab_size", 256));
        m = configError(() -> create(vocab));
        assertTrue(m.contains("256"), m);
    }

    @Test
    void aModelFileThatIsNotTorchScriptFailsWithAnEngineException() throws IOException {
        Path pt = copyWithJson("tiny-gpt2", root -> {});
        Files.writeString(pt, "this is not a TorchScript archive");
        EngineException e = assertThrows(EngineException.class, () -> create(pt));
        assertTrue(e.getMessage().contains(pt.toString()), e.getMessage());
    }

    // ----------------------------------------------------------------------------------------
    // (d) info, timers; (e) open limits
    // ----------------------------------------------------------------------------------------

    @Test
    void infoDescribesTheEngine() {
        try (Engine e = DjlTestSupport.create("tiny-gpt2")) {
            EngineInfo info = e.info();
            assertEquals("djl", info.engine());
            assertEquals("cpu", info.device());
            assertEquals("fp32", info.dtype());
            assertEquals(512, info.vocabSize());
            assertEquals(256, info.maxSeqLen());
            assertTrue(info.maxBatchSize() >= 1);
            assertEquals("wall", info.clock());
            assertFalse(info.simulated());
            assertTrue(info.model().endsWith("tiny-gpt2.pt"), info.model());
            assertEquals("0.35.1", info.versions().get("djl"));
            assertNotNull(info.versions().get("libtorch"), info.versions().toString());
            assertFalse(info.versions().get("libtorch").isBlank());
            assertTrue(info.versions().containsKey("libtorch_source"), info.versions().toString());
            assertEquals("gpt2", info.versions().get("model_family"));
            assertEquals(System.getProperty("ai.djl.pytorch.graph_optimizer"), info.versions().get("torchscript_optimize"));
            try (StepTimer timer = e.newStepTimer()) {
                assertEquals("host-clock", timer.name());
                assertFalse(timer.measuresGpuTime());
            }
        }
    }

    @Test
    void noDeviceOnAMachineWithoutAGpuMeansCpu() {
        assumeFalse(CudaDriver.available(), "this machine has a GPU");
        try (Engine e = create(null, DjlTestSupport.model("tiny-llama").toString(), null, Map.of())) {
            assertEquals("cpu", e.info().device());
            assertEquals("llama", e.info().versions().get("model_family"));
        }
    }

    @Test
    void openBeyondTheModelsLengthIsAConfigError() {
        try (Engine e = DjlTestSupport.create("tiny-gpt2")) {
            String m = configError(() -> e.open(1, 257));
            assertTrue(m.contains("256"), m);
            e.open(1, 256).close();
            e.open(2, 16).close();
        }
    }
}
