"""Where a djl decode step's host time goes: async-profiler's collapsed stacks, summed under DjlSession.step."""
import collections, gzip, sys
step = 0
parts = collections.Counter()
inside = collections.Counter()
keys = ["addmm", "cublas", "cuLaunchKernel", "cudaLaunchKernel", "cudnn", "index_put", "CUDACachingAllocator",
        "cudaGetDevice", "scaled_dot_product", "InterpreterStateImpl::runTemplate", "layer_norm"]
forward = 0
with gzip.open(sys.argv[1], "rt") as f:
    for line in f:
        stack, n = line.rsplit(" ", 1)
        n = int(n)
        frames = stack.split(";")
        at = [k for k, fr in enumerate(frames) if "DjlSession.step" in fr]
        if not at:
            continue
        step += n
        below = frames[at[-1] + 1] if at[-1] + 1 < len(frames) else "(DjlSession.step itself)"
        if "moduleRunMethod" in stack:
            below = "TorchScript forward (PyTorchLibrary.moduleRunMethod)"
            forward += n
            for k in keys:
                if k in stack:
                    inside[k] += n
        parts[below] += n
print(f"{step} samples (100 us, itimer) in DjlSession.step")
for k, v in parts.most_common(12):
    print(f"{100 * v / step:5.1f}%  {k}")
print(f"\ninside the forward ({forward} samples), stacks that contain:")
for k, v in inside.most_common():
    print(f"{100 * v / forward:5.1f}%  {k}")
