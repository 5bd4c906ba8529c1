package io.jharness.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jharness.engine.EngineInfo;
import io.jharness.harness.compare.Comparison.KeyDifference;
import io.jharness.harness.results.RunMetadata;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataDiffTest {

    static RunMetadata run(String engine, String model, String dtype, String commit, Map<String, Object> config) {
        return run(engine, model, dtype, commit, config, Map.of());
    }

    static RunMetadata run(String engine, String model, String dtype, String commit, Map<String, Object> config,
            Map<String, String> versions) {
        return new RunMetadata(1, new RunMetadata.HarnessBuild("jharness", "0.1.0", commit, false), "harness throughput",
                "throughput", config, new EngineInfo(engine, model, "cuda:0 (NVIDIA H100)", dtype, 50257, 64, 512, "wall",
                        false, versions), "cuda-events", false, null, null, null, null, "ok", null);
    }

    static Map<String, Object> config(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<String> keys(List<KeyDifference> d) {
        return d.stream().map(KeyDifference::key).toList();
    }

    @Test
    void aDifferentEngineCommitOrSeedIsExpected() {
        MetadataDiff d = MetadataDiff.of(List.of(
                run("djl", "/models/gpt2-fp16.pt", "fp16", "aaa", config("batch_sizes", List.of(1, 8), "max_tokens", 128, "seed", 1)),
                run("native", "gpt2-fp16.pt", "float16", "bbb", config("batch_sizes", List.of(1, 8), "max_tokens", 128, "seed", 2))));
        assertEquals(List.of(), d.workload(), "the same model file and dtype, spelled differently");
        assertEquals(List.of("engine", "model path", "commit", "seed"), keys(d.expected()));
    }

    @Test
    void aDifferentWorkloadIsListedKeyByKey() {
        MetadataDiff d = MetadataDiff.of(List.of(
                run("djl", "a.pt", "fp16", "c", config("batch_sizes", List.of(1, 8), "max_tokens", 128, "prompt_len", "128")),
                run("djl", "b.pt", "bf16", "c", config("batch_sizes", List.of(1, 8, 16), "max_tokens", 64, "prompt_len", 128))));
        assertEquals(List.of("model", "dtype", "batch_sizes", "max_tokens"), keys(d.workload()));
        assertEquals(List.of("[1, 8]", "[1, 8, 16]"), d.workload().get(2).values());
        assertEquals(List.of("128", "64"), d.workload().get(3).values());
    }

    @Test
    void aKeyARunDoesNotRecordIsShownNotRefused() {
        MetadataDiff d = MetadataDiff.of(Arrays.asList(
                run("djl", "a.pt", "fp16", "c", config("max_tokens", 128, "num_prompts", 100)),
                run("pytorch-eager (python)", "a.pt", "fp16", null, config("max_tokens", 128)),
                null));
        assertEquals(List.of(), d.workload());
        KeyDifference numPrompts = d.expected().stream().filter(k -> k.key().equals("num_prompts")).findFirst().orElseThrow();
        assertEquals(List.of("100", MetadataDiff.NOT_RECORDED, MetadataDiff.NOT_RECORDED), numPrompts.values());
    }

    @Test
    void anEngineVersionIsShownWhereTwoRunsRecordDifferentValues() {
        MetadataDiff d = MetadataDiff.of(List.of(
                run("pytorch-eager (python)", "a.pt", "fp16", "c", config(), Map.of("torch", "2.11", "torchscript_optimize", "true")),
                run("djl", "a.pt", "fp16", "c", config(), Map.of("djl", "0.35.1", "torchscript_optimize", "true")),
                run("djl", "a.pt", "fp16", "c", config(), Map.of("djl", "0.35.1", "torchscript_optimize", "false"))));
        assertEquals(List.of("engine", "engine torchscript_optimize"), keys(d.expected()),
                "djl and torch are each recorded by one kind of engine only: not a difference");
        assertEquals(List.of("true", "true", "false"), d.expected().get(1).values());
    }

    @Test
    void modelNamesAndDtypes() {
        assertEquals("none", MetadataDiff.modelName("none (latency model: step=4ms)"));
        assertEquals("m.pt", MetadataDiff.modelName("C:\\x\\m.pt"));
        assertEquals("bf16", MetadataDiff.dtype("torch.bfloat16"));
        assertEquals("[1, 8]", MetadataDiff.text(List.of(1.0, 8)));
    }
}
