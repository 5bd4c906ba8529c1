package io.jharness.engine.djl;

import ai.djl.Device;
import io.jharness.engine.Engine;
import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineProvider;
import io.jharness.engine.EngineSpec;
import io.jharness.engine.cuda.CudaDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Provides the {@code djl} engine: a TorchScript model through DJL's PyTorch engine.
 * Options ({@code --engine-opt}): {@code gpu-timer=on|off} (CUDA-event step timing; on by default).
 */
public final class DjlEngineProvider implements EngineProvider {

    static final List<String> KEYS = List.of("gpu-timer");

    @Override
    public String name() {
        return "djl";
    }

    @Override
    public String description() {
        return "a TorchScript decoder (models/README.md) through DJL's PyTorch engine, on cpu or cuda[:N]";
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
        String why = CudaDriver.unavailableReason();
        return why == null
                ? Availability.yes("CUDA device 0: " + CudaDriver.deviceName(0) + "; also runs on cpu")
                : Availability.no(why + "; runs on cpu with --device cpu");
    }

    @Override
    public Engine create(EngineSpec spec) {
        for (String key : spec.options().keySet()) {
            if (!KEYS.contains(key)) {
                throw new EngineConfigException("the djl engine has no option '" + key + "'; it has: " + String.join(", ", KEYS));
            }
        }
        String timer = spec.option("gpu-timer").orElse("on");
        if (!timer.equals("on") && !timer.equals("off")) {
            throw new EngineConfigException("djl option gpu-timer=" + timer + " is not allowed; use on or off");
        }
        if (spec.model() == null) {
            throw new EngineConfigException("the djl engine needs --model PATH: a TorchScript file exported by "
                    + "scripts/export_model.py (models/README.md)");
        }
        Path model = Path.of(spec.model());
        if (!Files.isRegularFile(model)) {
            throw new EngineConfigException("--model " + model + " does not exist or is not a file");
        }
        ModelContract contract = ModelContract.read(model);
        if (spec.dtype() != null && !spec.dtype().equalsIgnoreCase(contract.shortDtype())
                && !spec.dtype().equalsIgnoreCase(contract.dtype())) {
            throw new EngineConfigException("--dtype " + spec.dtype() + " does not match the model, which was exported in "
                    + contract.shortDtype() + "; export it again with --dtype " + spec.dtype());
        }
        Device device = device(spec.device());
        if (DjlProbe.wanted()) {
            DjlProbe.check(model, device.isGpu() ? "cuda:" + device.getDeviceId() : "cpu");
        }
        return new DjlEngine(model, contract, device, timer.equals("on"));
    }

    /** {@code cpu}, {@code cuda}, {@code cuda:N} (also {@code gpu[:N]}); null picks cuda:0 when there is one. */
    static Device device(String text) {
        if (text == null) {
            return CudaDriver.available() ? Device.gpu(0) : Device.cpu();
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.matches("(cuda|gpu)(:\\d+)?")) {
            int index = s.contains(":") ? Integer.parseInt(s.substring(s.indexOf(':') + 1)) : 0;
            String why = CudaDriver.unavailableReason();
            if (why != null) {
                throw new EngineConfigException("--device " + text + " needs a CUDA device: " + why);
            }
            if (index >= CudaDriver.deviceCount()) {
                throw new EngineConfigException("--device " + text + ": this machine has " + CudaDriver.deviceCount()
                        + " CUDA device(s)");
            }
            return Device.gpu(index);
        }
        throw new EngineConfigException("--device '" + text + "' is not allowed; use cpu, cuda or cuda:N");
    }
}
