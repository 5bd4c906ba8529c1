package io.jharness.engine.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtSymbolBlock;
import io.jharness.engine.Engine;
import io.jharness.engine.EngineConfigException;
import io.jharness.engine.EngineException;
import io.jharness.engine.EngineInfo;
import io.jharness.engine.EngineSession;
import io.jharness.engine.cuda.CudaDriver;
import io.jharness.engine.cuda.CudaEventStepTimer;
import io.jharness.engine.timing.HostClockStepTimer;
import io.jharness.engine.timing.NanoClock;
import io.jharness.engine.timing.StepTimer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TorchScript decoder in the models/README.md contract, loaded in-process through DJL's
 * PyTorch engine on the CPU or a CUDA device. Loading checks the model against its contract
 * and runs the start-up self-check; sessions keep their KV cache on the device.
 */
public final class DjlEngine implements Engine {

    /** The most slots a session may have: a limit on what a static sweep asks, not on memory. */
    static final int MAX_BATCH = 1024;

    private final Path modelPath;
    private final ModelContract contract;
    private final Device device;
    private final boolean gpuTimer;
    private final Model model;
    private final Map<String, String> versions;

    DjlEngine(Path modelPath, ModelContract contract, Device device, boolean gpuTimer) {
        this.modelPath = modelPath;
        this.contract = contract;
        this.device = device;
        this.gpuTimer = gpuTimer;
        ai.djl.engine.Engine pytorch = DjlRuntime.start();
        Map<String, String> v = DjlRuntime.versions(pytorch);
        if (device.isGpu()) {
            v.put("gpu", CudaDriver.deviceName(device.getDeviceId()));
            v.put("cuda_driver", CudaDriver.driverCudaVersion());
        }
        this.versions = Map.copyOf(v);
        Model m = Model.newInstance("harness-model", device, "PyTorch");
        try {
            m.load(modelPath, null, Map.of("mapLocation", "true"));
            SelfCheck.run(m.getBlock(), m.getNDManager(), contract, versions);
        } catch (IOException | MalformedModelException e) {
            m.close();
            throw new EngineConfigException("cannot load model " + modelPath + ": " + DjlRuntime.firstLine(e));
        } catch (RuntimeException e) {
            m.close();
            if (e instanceof EngineException) {
                throw e;
            }
            throw new EngineException("loading " + modelPath + " failed: " + DjlRuntime.firstLine(e));
        }
        this.model = m;
    }

    static DataType dataType(String dtype) {
        return switch (dtype) {
            case "float16" -> DataType.FLOAT16;
            case "bfloat16" -> DataType.BFLOAT16;
            default -> DataType.FLOAT32;
        };
    }

    public ModelContract contract() {
        return contract;
    }

    @Override
    public EngineInfo info() {
        String deviceName = device.isGpu()
                ? "cuda:" + device.getDeviceId() + " (" + versions.get("gpu") + ")"
                : "cpu";
        Map<String, String> v = new LinkedHashMap<>(versions);
        v.put("model_family", contract.family());
        v.put("model_params", Long.toString(contract.paramCount()));
        return new EngineInfo("djl", modelPath.toString(), deviceName, contract.shortDtype(), contract.vocabSize(),
                MAX_BATCH, contract.maxSeqLen(), "wall", false, v);
    }

    @Override
    public EngineSession open(int maxBatch, int maxSeqLen) {
        if (maxBatch < 1 || maxBatch > MAX_BATCH) {
            throw new EngineConfigException("batch size " + maxBatch + " is beyond what the djl engine allows (1 to "
                    + MAX_BATCH + ")");
        }
        if (maxSeqLen < 1 || maxSeqLen > contract.maxSeqLen()) {
            throw new EngineConfigException("sequences of " + maxSeqLen + " tokens do not fit the model's KV cache of "
                    + contract.maxSeqLen() + " positions; export it with a larger --max-seq-len");
        }
        return new DjlSession((PtSymbolBlock) model.getBlock(), model.getNDManager(), contract, dataType(contract.dtype()),
                maxBatch, maxSeqLen);
    }

    @Override
    public NanoClock clock() {
        return NanoClock.SYSTEM;
    }

    @Override
    public StepTimer newStepTimer() {
        if (device.isGpu() && gpuTimer) {
            // PyTorch runs on the device's legacy default stream unless told otherwise.
            return new CudaEventStepTimer(device.getDeviceId(), null);
        }
        return new HostClockStepTimer(NanoClock.SYSTEM);
    }

    @Override
    public void close() {
        model.close();
    }
}
