package io.jharness.harness.roofline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelShapeTest {

    private static final Path FIXTURES = Path.of("..", "models", "fixtures");

    @Test
    void readsTheGpt2FixturesSidecar() throws IOException {
        ModelShape m = ModelShape.read(FIXTURES.resolve("tiny-gpt2.pt"));
        assertEquals(DecodeRooflineTest.TINY_GPT2, m);
        assertEquals(4, m.dtypeBytes());
    }

    @Test
    void aLlamaHasNoPositionTable() throws IOException {
        ModelShape m = ModelShape.read(FIXTURES.resolve("tiny-llama.pt"));
        assertEquals("llama", m.family());
        assertEquals(0, m.positionEmbeddingParams());
        assertTrue(m.numKvHeads() <= m.numHeads());
    }

    @Test
    void theSidecarSitsBesideTheModel() {
        assertEquals(Path.of("a", "m.json"), ModelShape.sidecar(Path.of("a", "m.pt")));
    }

    @Test
    void saysWhatIsMissing(@TempDir Path dir) throws IOException {
        IOException none = assertThrows(IOException.class, () -> ModelShape.read(dir.resolve("x.pt")));
        assertTrue(none.getMessage().contains("no x.json"), none.getMessage());

        String tiny = Files.readString(FIXTURES.resolve("tiny-gpt2.json"));
        Files.writeString(dir.resolve("int8.json"), tiny.replace("\"float32\"", "\"int8\""));
        var bad = assertThrows(IllegalArgumentException.class, () -> ModelShape.read(dir.resolve("int8.pt")));
        assertTrue(bad.getMessage().contains("int8"), bad.getMessage());

        Files.writeString(dir.resolve("nolayers.json"), tiny.replace("\"num_layers\"", "\"layers\""));
        var missing = assertThrows(IllegalArgumentException.class, () -> ModelShape.read(dir.resolve("nolayers.pt")));
        assertTrue(missing.getMessage().contains("num_layers"), missing.getMessage());
        assertFalse(missing.getMessage().isBlank());
    }

    @Test
    void dtypeSizes() {
        assertEquals(4, ModelShape.dtypeBytes("float32"));
        assertEquals(2, ModelShape.dtypeBytes("float16"));
        assertEquals(2, ModelShape.dtypeBytes("bfloat16"));
        assertThrows(IllegalArgumentException.class, () -> ModelShape.dtypeBytes("fp8"));
    }
}
