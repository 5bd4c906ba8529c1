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
        EngineRegistry.Selection s = r.select("auto", false);
        assertEquals("mock", s.provider().name());
        assertTrue(s.note().contains("gpu: no CUDA device"), s.note());
        assertTrue(s.note().contains("mock"), s.note());
    }

    @Test
    void autoPrefersAnAvailableGpuEngine() {
        EngineRegistry r = new EngineRegistry(List.of(new MockEngineProvider(), new FakeGpu("gpu", true)));
        assertEquals("gpu", r.select("auto", false).provider().name());
    }

    /** A GPU engine that loads models. */
    private record FakeModelEngine(boolean available) implements EngineProvider {
        @Override
        public String name() {
            return "model";
        }

        @Override
        public String description() {
            return "fake";
        }

        @Override
        public boolean usesGpu() {
            return true;
        }

        @Override
        public boolean needsModel() {
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
    void autoPicksModelEnginesOnlyWithAModel() {
        EngineRegistry gpu = new EngineRegistry(List.of(new FakeModelEngine(true), new MockEngineProvider()));
        assertEquals("mock", gpu.select("auto", false).provider().name());
        assertTrue(gpu.select("auto", false).note().contains("model: needs --model"), gpu.select("auto", false).note());
        assertEquals("model", gpu.select("auto", true).provider().name());

        EngineRegistry cpu = new EngineRegistry(List.of(new FakeModelEngine(false), new MockEngineProvider()));
        EngineRegistry.Selection s = cpu.select("auto", true);
        assertEquals("model", s.provider().name(), "with --model and no GPU, the model runs on the CPU");
        assertTrue(s.note().contains("CPU"), s.note());
        assertEquals("mock", cpu.select("auto", false).provider().name());
    }

    @Test
    void namedEnginesAreTakenAsNamed() {
        EngineRegistry r = new EngineRegistry(List.of(new MockEngineProvider(), new FakeGpu("gpu", false)));
        EngineRegistry.Selection s = r.select("mock", false);
        assertEquals("mock", s.provider().name());
        assertNull(s.note());
    }

    @Test
    void unknownNamesListTheChoices() {
        EngineRegistry r = new EngineRegistry(List.of(new MockEngineProvider()));
        EngineConfigException e = assertThrows(EngineConfigException.class, () -> r.select("vllm", false));
        assertEquals("unknown engine 'vllm'; available: auto, mock", e.getMessage());
    }
}
