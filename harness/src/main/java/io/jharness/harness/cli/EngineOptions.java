package io.jharness.harness.cli;

import io.jharness.harness.config.EngineSelection;
import io.jharness.harness.config.UsageException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which engine runs the workload, and how it is created. */
final class EngineOptions {

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "auto",
            description = "Engine: auto (a GPU engine when one is usable here, otherwise mock), "
                    + "or a name from 'harness engines'. Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--device", paramLabel = "DEVICE", description = "Device for engines that run a model: cpu, cuda, cuda:N.")
    String device;

    @Option(names = "--model", paramLabel = "PATH", description = "Model to load, for engines that run a model.")
    String model;

    @Option(names = "--dtype", paramLabel = "DTYPE", description = "fp32, fp16 or bf16, for engines that run a model.")
    String dtype;

    @Option(names = "--engine-opt", paramLabel = "KEY=VALUE",
            description = "An engine-specific option; repeatable. Mock keys: clock, step, per-seq, per-prompt-token, "
                    + "jitter, max-batch, max-seq-len, vocab, fail-at-batch (a session of N slots fails to open), "
                    + "hang-at-batch (every step of a session of N slots blocks until interrupted: try --point-timeout). "
                    + "Native keys: lib, config.")
    Map<String, String> engineOpts = new LinkedHashMap<>();

    @Option(names = "--mock-clock", paramLabel = "real|virtual",
            description = "Mock engine only: virtual (default; steps advance a simulated clock, sweeps take "
                    + "milliseconds) or real (the time is really spent).")
    String mockClock;

    @Option(names = "--mock-latency", paramLabel = "SPEC",
            description = "Mock engine only: step cost model, e.g. step=4ms,per-seq=15us,per-prompt-token=400ns,jitter=0.02.")
    String mockLatency;

    @Option(names = "--native-lib", paramLabel = "PATH",
            description = "Native engine only: the shared library implementing native/include/jharness_engine.h "
                    + "(default: the bundled C reference engine).")
    String nativeLib;

    @Option(names = "--native-config", paramLabel = "STRING",
            description = "Native engine only: the library's configuration string, \"key=value;key=value\".")
    String nativeConfig;

    EngineSelection toSelection() {
        Map<String, String> options = new LinkedHashMap<>(engineOpts);
        if (engine.equals("native")) {
            if (nativeLib != null) {
                options.put("lib", nativeLib);
            }
            if (nativeConfig != null) {
                options.put("config", nativeConfig);
            }
        } else if (nativeLib != null || nativeConfig != null) {
            // auto never picks the native engine, so these would be dropped without a word.
            throw new UsageException((nativeLib != null ? "--native-lib" : "--native-config")
                    + " applies to the native engine only; add --engine native");
        }
        if (isMock()) {
            if (mockClock != null) {
                options.put("clock", mockClock);
            }
            if (mockLatency != null) {
                for (String part : mockLatency.split(",")) {
                    int eq = part.indexOf('=');
                    if (eq < 1) {
                        throw new UsageException("--mock-latency '" + mockLatency
                                + "' is not allowed; write key=value pairs separated by commas, e.g. step=4ms,per-seq=15us");
                    }
                    options.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                }
            }
        }
        return new EngineSelection(engine, device, model, dtype, options);
    }

    /** Mock flags apply when the mock engine was named, or when auto may fall back to it. */
    private boolean isMock() {
        return engine.equals("mock") || engine.equals("auto");
    }
}
