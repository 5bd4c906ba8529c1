package io.jharness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jharness.engine.mock.MockEngineProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineRegistryTest {

    /** A GPU engine that may or may not be usable. */
    private record FakeGpu(String name, boolean available) implements EngineProvider {
        @Override
        public String description() {
            return "fake";
        }

        @Override
        public boolean usesGpu() {
            return true;
        }

        @Override
        public Availability availability() {
            return available ? Availability.yes("fake GPU") : Availability.no("no CUDA device");
        }

        @Override
        public Engine create(EngineSpec spec) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void serviceLoaderFindsTheMockEngine() {
        EngineRegistry r = EngineRegistry.load();
        assertTrue(r.find("mock").isPresent());
        assertEquals("auto", r.names().get(0));
    }

    @Test
    void autoFallsBackToMockAndSaysWhy() {
        EngineRegistry r = new EngineRegistry(List.of(new FakeGpu("gpu", false), new MockEngineProvider()));
        EngineRegistry.Selection s = r.select("auto");
        assertEquals("mock", s.provider().name());
        assertTrue(s.note().contains("gpu: no CUDA device"), s.note());
        assertTrue(s.note().contains("mock"), s.note());
    }

    @Test
    void autoPrefersAnAvailableGpuEngine() {
        EngineRegistry r = new EngineRegistry(List.of(new MockEngineProvider(), new FakeGpu("gpu", true)));
        assertEquals("gpu", r.select("auto").provider().name());
    }

    @Test
    void namedEnginesAreTakenAsNamed() {
        EngineRegistry r = new EngineRegistry(List.of(new MockEngineProvider(), new FakeGpu("gpu", false)));
        EngineRegistry.Selection s = r.select("mock");
        assertEquals("mock", s.provider().name());
        assertNull(s.note());
    }

    @Test
    void unknownNamesListTheChoices() {
        EngineRegistry r = new EngineRegistry(List.of(new MockEngineProvider()));
        EngineConfigException e = assertThrows(EngineConfigException.class, () -> r.select("vllm"));
        assertEquals("unknown engine 'vllm'; available: auto, mock", e.getMessage());
    }
}
