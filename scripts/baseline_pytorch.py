#!/usr/bin/env python3
"""The harness's static-batching throughput sweep, written as a plain PyTorch loop.

A baseline to compare `harness throughput` against: what a user would write themselves in
Python, doing the same work as the harness's djl engine (engine-bindings/.../djl/DjlSession.java)
on the same TorchScript model (models/README.md), and writing results in the harness's own
shapes, so `harness plot` and `harness check` read them:

    python3 scripts/baseline_pytorch.py --model gpt2-fp16.pt --device cuda \\
        --batch-sizes 1 8 16 32 64 --output-dir results/pytorch-baseline

For each batch size B: fresh KV caches of B rows, warm-up steps, then the prompts in static
batches of B (prefill together, decode together to --max-tokens, greedy argmax on the device,
the batch's token ids copied to the host every step), under torch.inference_mode(). Tokens are
counted as the harness counts them (every sequence's, the first included); throughput is tokens
over the wall time from the first prefill to the last step. Each step is timed on the host
(wall, from before the inputs are staged to when the tokens are on the host) and, on CUDA, with
CUDA events around it (GPU time), as the harness's CUDA-event timer does.

Writes DIR/throughput.json and DIR/run.json. Exit status: 0 ok, 1 some batch size failed
(recorded with its error; the sweep goes on), 2 bad arguments (one line; nothing written).

Needs only torch (1.13 or newer; no numpy).
"""

import argparse
import datetime
import json
import os
import platform
import shlex
import socket
import subprocess
import sys
import time
from typing import Any, Callable, Dict, List, Optional, Sequence

import torch

ENGINE_NAME = "pytorch-eager (python)"
CONTRACT_VERSION = 1
DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}
SHORT_DTYPES = {"float32": "fp32", "float16": "fp16", "bfloat16": "bf16"}
PERCENTILES = (0.5, 0.9, 0.95, 0.99)


class UsageError(Exception):
    """Bad input: one line naming the value and what is allowed; exit status 2."""


class StepError(Exception):
    """A step produced something that cannot be trusted (a token outside the vocabulary)."""


# --------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------

class Model:
    """A TorchScript module of the model contract, loaded on a device, and its sidecar facts."""

    def __init__(self, path: str, device: torch.device):
        if not path.endswith(".pt") or not os.path.isfile(path):
            raise UsageError("--model %s: not a .pt file (export one with scripts/export_model.py)"
                             % path)
        sidecar = path[:-3] + ".json"
        if not os.path.isfile(sidecar):
            raise UsageError("--model %s has no sidecar %s; scripts/export_model.py writes both"
                             % (path, sidecar))
        with open(sidecar) as f:
            meta = json.load(f)
        if meta.get("contract_version") != CONTRACT_VERSION:
            raise UsageError("%s: contract_version %r is not supported (this script knows %d)"
                             % (sidecar, meta.get("contract_version"), CONTRACT_VERSION))
        if meta.get("dtype") not in DTYPES:
            raise UsageError("%s: dtype %r is not one of %s" % (sidecar, meta.get("dtype"),
                                                                ", ".join(DTYPES)))
        self.path = path
        self.meta = meta
        self.device = device
        self.dtype = DTYPES[meta["dtype"]]
        self.num_layers = int(meta["num_layers"])
        self.num_kv_heads = int(meta["num_kv_heads"])
        self.head_dim = int(meta["head_dim"])
        self.vocab_size = int(meta["vocab_size"])
        self.max_seq_len = int(meta["max_seq_len"])
        try:
            self.module = torch.jit.load(path, map_location=device)
        except (RuntimeError, ValueError, torch.jit.Error) as e:
            raise UsageError("--model %s cannot be loaded: %s" % (path, first_line(e)))
        self.module.eval()

    def forward(self, ids, positions, last_index, k_cache, v_cache):
        return self.module(ids, positions, last_index, k_cache, v_cache)

    def new_cache(self, rows: int, seq: int):
        """Zeroed k_cache, v_cache of `rows` rows and `seq` positions, on the model's device."""
        shape = (self.num_layers, rows, self.num_kv_heads, seq, self.head_dim)
        return (torch.zeros(shape, dtype=self.dtype, device=self.device),
                torch.zeros(shape, dtype=self.dtype, device=self.device))


def first_line(e: BaseException) -> str:
    lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
    # TorchScript errors end with the real message after a traceback.
    for ln in lines:
        if "jharness contract:" in ln or "out of memory" in ln:
            return ln
    return lines[-1] if lines else type(e).__name__


# --------------------------------------------------------------------------------------------
# Step timing
# --------------------------------------------------------------------------------------------

class StepTimer:
    """Wall time on the host; on CUDA also the span between two CUDA events on the current
    stream, recorded before the step is enqueued and after its tokens are on the host (the
    harness's CudaEventStepTimer does exactly this)."""

    def __init__(self, cuda: bool):
        self.cuda = cuda
        if cuda:
            self.start_event = torch.cuda.Event(enable_timing=True)
            self.end_event = torch.cuda.Event(enable_timing=True)
        self.host_start = 0
        self.host_end = 0
        self.gpu_nanos = -1

    @property
    def name(self) -> str:
        return "cuda-events" if self.cuda else "host-clock"

    def begin(self) -> None:
        self.host_start = time.perf_counter_ns()
        if self.cuda:
            self.start_event.record()

    def end(self) -> None:
        if self.cuda:
            self.end_event.record()
        self.host_end = time.perf_counter_ns()
        if self.cuda:
            self.end_event.synchronize()
            self.gpu_nanos = round(self.start_event.elapsed_time(self.end_event) * 1e6)

    @property
    def wall_nanos(self) -> int:
        return self.host_end - self.host_start


class StepStats:
    """Wall (and GPU) nanoseconds of one kind of step."""

    def __init__(self) -> None:
        self.wall: List[int] = []
        self.gpu: List[int] = []

    def record(self, timer: StepTimer) -> None:
        self.wall.append(timer.wall_nanos)
        if timer.gpu_nanos >= 0:
            self.gpu.append(timer.gpu_nanos)

    def summary(self) -> Optional[Dict[str, Any]]:
        return step_summary(self.wall, self.gpu if self.gpu else None)


def distribution(nanos: Sequence[int]) -> Optional[Dict[str, Any]]:
    """count, mean, min, p50/p90/p95/p99 (torch.quantile, linear interpolation), max and the
    population standard deviation, in milliseconds rounded to the nanosecond (the harness's
    DistributionSummary)."""
    if not nanos:
        return None
    t = torch.tensor([max(0, int(v)) for v in nanos], dtype=torch.float64)
    q = torch.quantile(t, torch.tensor(PERCENTILES, dtype=torch.float64)).tolist()

    def ms(x: float) -> float:
        return round(x) / 1e6

    return {
        "count": len(nanos),
        "mean_ms": ms(t.mean().item()),
        "min_ms": ms(t.min().item()),
        "p50_ms": ms(q[0]),
        "p90_ms": ms(q[1]),
        "p95_ms": ms(q[2]),
        "p99_ms": ms(q[3]),
        "max_ms": ms(t.max().item()),
        "stddev_ms": ms(t.std(unbiased=False).item()),
    }


def step_summary(wall: Sequence[int], gpu: Optional[Sequence[int]]) -> Optional[Dict[str, Any]]:
    """The harness's StepTimeSummary: gpu_* and host_overhead_ms only where GPU time was measured."""
    if not wall:
        return None
    s: Dict[str, Any] = {
        "steps": len(wall),
        "wall_total_sec": sum(wall) / 1e9,
        "wall_ms": distribution(wall),
    }
    if gpu:
        s["gpu_total_sec"] = sum(gpu) / 1e9
        s["gpu_ms"] = distribution(gpu)
        s["host_overhead_ms"] = distribution([w - g for w, g in zip(wall, gpu)])
    return s


# --------------------------------------------------------------------------------------------
# Static batches
# --------------------------------------------------------------------------------------------

class StaticBatch:
    """One session: KV caches of `rows` rows and `seq` positions, and the steps that fill them.

    Row i of a step is cache row i (the contract narrows the cache to the step's batch). Inputs
    are staged on the host in buffers allocated once and copied to the device each step; greedy
    argmax runs on the device and only the step's token ids come back, as the djl engine does.
    """

    def __init__(self, model: Model, rows: int, seq: int, timer: StepTimer):
        self.model = model
        self.rows = rows
        self.seq = seq
        self.timer = timer
        self.k_cache, self.v_cache = model.new_cache(rows, seq)
        self.ids = torch.zeros(rows * seq, dtype=torch.long)
        self.positions = torch.zeros(rows * seq, dtype=torch.long)
        self.last_index = torch.zeros(rows, dtype=torch.long)
        self.arange = torch.arange(seq, dtype=torch.long)
        self.length = torch.zeros(rows, dtype=torch.long)

    def run(self, prompts: Sequence[torch.Tensor], max_tokens: int,
            on_step: Optional[Callable[[str, StepTimer], None]] = None,
            tokens_out: Optional[List[List[int]]] = None) -> int:
        """Generates `max_tokens` tokens for each prompt (1-D int64 host tensors, at most `rows`).

        Returns the tokens generated, `len(prompts) * max_tokens`, every sequence counted. With
        `tokens_out`, each sequence's generated tokens are appended to it (for tests).
        """
        count = len(prompts)
        timer = self.timer
        generated: List[torch.Tensor] = []
        timer.begin()
        nxt = self._prefill(prompts)
        timer.end()
        self._check(nxt)
        if on_step:
            on_step("prefill", timer)
        if tokens_out is not None:
            generated.append(nxt)
        for _ in range(1, max_tokens):
            timer.begin()
            nxt = self._decode(count, nxt)
            timer.end()
            self._check(nxt)
            if on_step:
                on_step("decode", timer)
            if tokens_out is not None:
                generated.append(nxt)
        if tokens_out is not None:
            cols = torch.stack(generated, dim=1).tolist()
            tokens_out.extend(cols)
        return count * max_tokens

    def _prefill(self, prompts: Sequence[torch.Tensor]) -> torch.Tensor:
        count = len(prompts)
        t = max(int(p.numel()) for p in prompts)
        ids = self.ids[:count * t].view(count, t)
        pos = self.positions[:count * t].view(count, t)
        for i, p in enumerate(prompts):
            n = int(p.numel())
            # Right padding with 0: the pads' K/V land past the prompt and are overwritten by
            # decode before any real token attends to them (models/README.md).
            ids[i, :n].copy_(p)
            ids[i, n:].zero_()
            pos[i].copy_(self.arange[:t])
            self.last_index[i] = n - 1
            self.length[i] = n
        return self._step(ids, pos, self.last_index[:count])

    def _decode(self, count: int, last_tokens: torch.Tensor) -> torch.Tensor:
        ids = self.ids[:count].view(count, 1)
        pos = self.positions[:count].view(count, 1)
        ids[:, 0].copy_(last_tokens)
        pos[:, 0].copy_(self.length[:count])
        self.last_index[:count].zero_()
        self.length[:count] += 1
        return self._step(ids, pos, self.last_index[:count])

    def _step(self, ids: torch.Tensor, pos: torch.Tensor, last: torch.Tensor) -> torch.Tensor:
        dev = self.model.device
        logits = self.model.forward(ids.to(dev), pos.to(dev), last.to(dev),
                                    self.k_cache, self.v_cache)
        return logits.argmax(-1).to(torch.int32).cpu()

    def _check(self, tokens: torch.Tensor) -> None:
        """A token outside the vocabulary means garbage; never count it."""
        v = self.model.vocab_size
        bad = ((tokens < 0) | (tokens >= v)).nonzero()
        if bad.numel():
            i = int(bad[0, 0])
            raise StepError("the model returned token id %d for sequence %d, outside its "
                            "vocabulary [0, %d): its output cannot be trusted"
                            % (int(tokens[i]), i, v))


def warmup(batch: StaticBatch, prompts: Sequence[torch.Tensor], count: int, max_tokens: int,
           steps: int) -> int:
    """Untimed full batches of `count` prompts until `steps` steps have run (a batch of n tokens
    is n steps), as the harness's Warmup does. Returns the steps run."""
    done = 0
    while done < steps:
        tokens = min(max_tokens, steps - done)
        batch.run(prompts[:count], tokens)
        done += tokens
    return done


# --------------------------------------------------------------------------------------------
# The sweep
# --------------------------------------------------------------------------------------------

def synthetic_prompts(count: int, length: int, vocab: int, seed: int) -> List[torch.Tensor]:
    """`count` prompts of `length` random token ids in [0, vocab), from torch's seeded CPU
    generator. (Lengths equal the harness's; the ids differ: it draws them with Java's
    SplittableRandom.)"""
    g = torch.Generator()
    g.manual_seed(seed)
    ids = torch.randint(0, vocab, (count, length), generator=g, dtype=torch.long)
    return list(ids.unbind(0))


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def measure(model: Model, batch_size: int, prompts: Sequence[torch.Tensor],
            warmup_prompts: Sequence[torch.Tensor], max_tokens: int, warmup_steps: int,
            tokens_out: Optional[List[List[int]]] = None) -> Dict[str, Any]:
    """One batch size, on fresh caches: warm-up, then every prompt in static batches."""
    seq = max(int(p.numel()) for p in list(prompts) + list(warmup_prompts)) + max_tokens
    timer = StepTimer(model.device.type == "cuda")
    stats = {"prefill": StepStats(), "decode": StepStats()}

    def on_step(kind: str, t: StepTimer) -> None:
        stats[kind].record(t)

    batch = StaticBatch(model, batch_size, seq, timer)
    warmup(batch, warmup_prompts, batch_size, max_tokens, warmup_steps)
    tokens = 0
    batches = 0
    synchronize(model.device)
    start = time.perf_counter_ns()
    for first in range(0, len(prompts), batch_size):
        group = prompts[first:first + batch_size]
        tokens += batch.run(group, max_tokens, on_step, tokens_out)
        batches += 1
    synchronize(model.device)
    end = time.perf_counter_ns()
    elapsed = (end - start) / 1e9
    n = len(prompts)
    point: Dict[str, Any] = {
        "throughput_tokens_per_sec": tokens / elapsed,
        "total_tokens": tokens,
        "elapsed_sec": elapsed,
        "num_prompts": n,
        "avg_tokens_per_prompt": tokens / n,
        "batch_size": batch_size,
        "status": "ok",
        "prompt_tokens": sum(int(p.numel()) for p in prompts),
        "num_batches": batches,
        "requests_per_sec": n / elapsed,
        "prefill": stats["prefill"].summary(),
        "decode": stats["decode"].summary(),
    }
    return {k: v for k, v in point.items() if v is not None}


def repeat_stats(values: Sequence[float]) -> Dict[str, Any]:
    """The harness's `repeats` block (results/RepeatStats.java): n, min, median, max, cv (the
    sample standard deviation over the mean) and every value in the order run."""
    n = len(values)
    t = torch.tensor(values, dtype=torch.float64)
    mean = float(t.mean())
    sd = float(t.std()) if n > 1 else 0.0  # torch's std is the sample one, as commons-statistics'
    ordered = sorted(values)
    median = (ordered[(n - 1) // 2] + ordered[n // 2]) / 2
    return {"n": n, "min": ordered[0], "median": median, "max": ordered[-1],
            "cv": None if mean == 0 else sd / mean, "values": list(values)}


def measure_repeated(model: Model, batch_size: int, prompts: Sequence[torch.Tensor],
                     warmup_prompts: Sequence[torch.Tensor], max_tokens: int, warmup_steps: int,
                     repeats: int, tokens_out: Optional[List[List[int]]] = None) -> Dict[str, Any]:
    """One batch size measured `repeats` times, each on fresh caches, as the harness's --repeats:
    the point is the repeat with the median tokens/s (the lower middle one for an even count),
    with the medians of tokens/s and requests/s as its headline figures and their spread."""
    runs = [measure(model, batch_size, prompts, warmup_prompts, max_tokens, warmup_steps,
                    tokens_out if i == 0 else None) for i in range(repeats)]
    if repeats == 1:
        return runs[0]
    tps = repeat_stats([r["throughput_tokens_per_sec"] for r in runs])
    rps = repeat_stats([r["requests_per_sec"] for r in runs])
    point = dict(sorted(runs, key=lambda r: r["throughput_tokens_per_sec"])[(repeats - 1) // 2])
    point["throughput_tokens_per_sec"] = tps["median"]
    point["requests_per_sec"] = rps["median"]
    point["repeats"] = tps
    return point


def failed_point(batch_size: int, error: str) -> Dict[str, Any]:
    return {"batch_size": batch_size, "status": "failed", "error": error}


def sweep(model: Model, batch_sizes: Sequence[int], prompts: Sequence[torch.Tensor],
          warmup_prompts: Sequence[torch.Tensor], max_tokens: int, warmup_steps: int,
          on_point: Optional[Callable[[Dict[str, Any]], None]] = None,
          tokens_out: Optional[Dict[int, List[List[int]]]] = None,
          repeats: int = 1) -> Dict[str, Dict[str, Any]]:
    """The throughput sweep: one point per batch size, keyed by it as throughput.json is. A
    batch size that fails (out of memory, a contract error) is recorded with its error."""
    points: Dict[str, Dict[str, Any]] = {}
    with torch.inference_mode():
        for b in batch_sizes:
            out = None if tokens_out is None else tokens_out.setdefault(b, [])
            try:
                point = measure_repeated(model, b, prompts, warmup_prompts, max_tokens, warmup_steps,
                                         repeats, out)
            except (RuntimeError, torch.jit.Error, StepError) as e:  # CUDA OOM is a RuntimeError
                point = failed_point(b, first_line(e))
            if model.device.type == "cuda":
                torch.cuda.empty_cache()  # the next batch size starts from fresh caches
            points[str(b)] = point
            if on_point:
                on_point(point)
    return points


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------

def utc_now() -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def device_name(device: torch.device) -> str:
    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        return "cuda:%d (%s)" % (index, torch.cuda.get_device_name(index))
    return "cpu"


def git_build() -> Dict[str, Any]:
    """This script and, where it is tracked in a git checkout, the commit it ran from (omitted
    for a copy that git does not track: that commit would not be this script's)."""
    build: Dict[str, Any] = {"name": "scripts/baseline_pytorch.py"}
    here = os.path.abspath(__file__)

    def git(*args: str) -> Optional[str]:
        try:
            r = subprocess.run(["git", "-C", os.path.dirname(here)] + list(args),
                               capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return None
        return r.stdout.strip() if r.returncode == 0 else None

    if git("ls-files", "--error-unmatch", here) is None:
        return build
    commit = git("rev-parse", "HEAD")
    if commit:
        build["git_commit"] = commit
        dirty = git("status", "--porcelain")
        if dirty is not None:
            build["git_dirty"] = bool(dirty)
    return build


def run_metadata(model: Model, config: Dict[str, Any], command: str, timer: str,
                 started: str, finished: str, status: str) -> Dict[str, Any]:
    """run.json in the harness's RunMetadata shape, with what a Python run can know (no JVM)."""
    versions = {"torch": torch.__version__, "python": platform.python_version(),
                "model_family": str(model.meta.get("family")),
                "model_params": str(model.meta.get("param_count")),
                # TorchScript's profiling executor and fusers: on unless the caller turned it off.
                "torchscript_optimize": str(torch._C._get_graph_executor_optimize()).lower()}
    if model.device.type == "cuda":
        index = model.device.index if model.device.index is not None else 0
        versions["gpu"] = torch.cuda.get_device_name(index)
        versions["cuda_runtime"] = str(torch.version.cuda)
    engine = {
        "engine": ENGINE_NAME,
        "model": model.path,
        "device": device_name(model.device),
        "dtype": SHORT_DTYPES[model.meta["dtype"]],
        "vocab_size": model.vocab_size,
        "max_seq_len": model.max_seq_len,
        "clock": "wall",
        "simulated": False,
        "versions": versions,
    }
    return {
        "schema_version": 1,
        "harness": git_build(),
        "command": command,
        "workload": "throughput",
        "config": config,
        "engine": engine,
        "timer": timer,
        "simulated": False,
        "host": {"hostname": socket.gethostname(), "os_name": platform.system(),
                 "os_version": platform.release(), "arch": platform.machine(),
                 "cpus": os.cpu_count() or 0},
        "started_at": started,
        "finished_at": finished,
        "status": status,
    }


def write_json(path: str, obj: Any) -> None:
    """Atomically: a temporary file renamed into place."""
    tmp = "%s.tmp-%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)


def sweep_status(points: Dict[str, Dict[str, Any]]) -> str:
    ok = sum(1 for p in points.values() if p["status"] == "ok")
    return "ok" if ok == len(points) else "failed" if ok == 0 else "partial"


# --------------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------------

class Parser(argparse.ArgumentParser):
    """argparse with the team's rule for bad input: one line, exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print("baseline_pytorch: %s (see --help)" % message, file=sys.stderr)
        sys.exit(2)


def positive_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("'%s' is not a whole number" % text)
    if v < 1:
        raise argparse.ArgumentTypeError("%d is not allowed; give a whole number >= 1" % v)
    return v


def non_negative_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("'%s' is not a number of steps" % text)
    if v < 0:
        raise argparse.ArgumentTypeError("%d is not allowed; give a number of steps >= 0" % v)
    return v


def batch_sizes(values: Sequence[str]) -> List[int]:
    sizes: List[int] = []
    for v in values:
        for part in v.split(","):
            if not part.strip():
                continue
            try:
                b = int(part)
            except ValueError:
                raise UsageError("--batch-sizes %s is not a whole number" % part)
            if b < 1:
                raise UsageError("--batch-sizes %d is not allowed; batch sizes must be >= 1" % b)
            if b in sizes:
                raise UsageError("--batch-sizes lists %d twice; give each batch size once" % b)
            sizes.append(b)
    if not sizes:
        raise UsageError("--batch-sizes is empty; give one or more whole numbers >= 1")
    return sizes


def read_prompts_file(path: str, vocab: int) -> List[torch.Tensor]:
    """A JSON list of prompts, each a non-empty list of token ids in [0, vocab)."""
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise UsageError("--prompts-file %s cannot be read: %s" % (path, first_line(e)))
    if not isinstance(data, list) or not data:
        raise UsageError("--prompts-file %s: expected a non-empty JSON list of prompts" % path)
    prompts = []
    for i, p in enumerate(data):
        if (not isinstance(p, list) or not p
                or not all(isinstance(t, int) and 0 <= t < vocab for t in p)):
            raise UsageError("--prompts-file %s: prompt %d is not a non-empty list of token ids "
                             "in [0, %d)" % (path, i, vocab))
        prompts.append(torch.tensor(p, dtype=torch.long))
    return prompts


def parse_device(text: str) -> torch.device:
    if text != "cpu" and not text.startswith("cuda"):
        raise UsageError("--device %s is not allowed; give cpu or cuda[:N]" % text)
    try:
        device = torch.device(text)
    except RuntimeError:
        raise UsageError("--device %s is not allowed; give cpu or cuda[:N]" % text)
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise UsageError("--device %s: CUDA is not available on this machine" % text)
        if device.index is not None and device.index >= torch.cuda.device_count():
            raise UsageError("--device %s: this machine has %d CUDA device(s)"
                             % (text, torch.cuda.device_count()))
        if device.index is not None:
            # CUDA events record on the current device's stream: make it the model's.
            torch.cuda.set_device(device)
    return device


def build_parser() -> argparse.ArgumentParser:
    ap = Parser(prog="baseline_pytorch.py",
                description="The harness's static-batching throughput sweep as a plain PyTorch "
                            "loop, on a TorchScript model of the jharness model contract. Writes "
                            "throughput.json and run.json in the harness's shapes.")
    ap.add_argument("--model", required=True, metavar="PATH.pt",
                    help="a model from scripts/export_model.py (its .json beside it)")
    ap.add_argument("--batch-sizes", nargs="+", default=["1", "8", "16", "32", "64"],
                    metavar="B", help="batch sizes (1 8 16 32 64; also 1,8,16)")
    ap.add_argument("--num-prompts", type=positive_int, default=100, metavar="N", help="prompts (100)")
    ap.add_argument("--prompt-len", type=positive_int, default=128, metavar="N",
                    help="prompt tokens (128); fixed lengths only")
    ap.add_argument("--prompts-file", metavar="FILE",
                    help="a JSON list of prompts (lists of token ids) instead of --num-prompts "
                         "random prompts of --prompt-len tokens")
    ap.add_argument("--max-tokens", type=positive_int, default=128, metavar="N",
                    help="tokens generated per prompt, the first included (128)")
    ap.add_argument("--warmup", type=non_negative_int, default=20, metavar="STEPS",
                    help="untimed steps before each batch size (20)")
    ap.add_argument("--device", default=None, metavar="DEVICE",
                    help="cpu or cuda[:N] (default: cuda when available, else cpu)")
    ap.add_argument("--repeats", type=positive_int, default=1, metavar="N",
                    help="measure every batch size N times on fresh caches (1); as the harness's "
                         "--repeats, tokens/s is then their median and `harness compare` weighs "
                         "changes against their spread")
    ap.add_argument("--seed", type=int, default=42, metavar="S", help="seeds the prompts (42)")
    ap.add_argument("--output-dir", metavar="DIR",
                    help="where the files go (default: results/pytorch-baseline-<timestamp>)")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only the results line")
    return ap


def table_row(p: Dict[str, Any]) -> str:
    if p["status"] != "ok":
        return "%-6d %s: %s" % (p["batch_size"], p["status"], p.get("error", ""))
    return "%-6d %11.1f %9d %10.3f %15.3f %14.3f %14.3f  ok" % (
        p["batch_size"], p["throughput_tokens_per_sec"], p["total_tokens"], p["elapsed_sec"],
        p["prefill"]["wall_ms"]["p50_ms"], p["decode"]["wall_ms"]["p50_ms"] if "decode" in p else 0,
        p["decode"]["wall_ms"]["p99_ms"] if "decode" in p else 0)


def main(argv: Optional[List[str]] = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(args_list)
    try:
        sizes = batch_sizes(args.batch_sizes)
        device = parse_device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
        model = Model(args.model, device)
        if args.prompts_file:
            prompts = read_prompts_file(args.prompts_file, model.vocab_size)
        else:
            prompts = synthetic_prompts(args.num_prompts, args.prompt_len, model.vocab_size,
                                        args.seed)
        longest = max(int(p.numel()) for p in prompts)
        if longest + args.max_tokens > model.max_seq_len:
            raise UsageError("prompts of up to %d tokens plus --max-tokens %d need sequences of "
                             "%d tokens; the model allows at most %d"
                             % (longest, args.max_tokens, longest + args.max_tokens,
                                model.max_seq_len))
        out_dir = args.output_dir or os.path.join(
            "results", "pytorch-baseline-" + time.strftime("%Y-%m-%d_%H%M%S"))
        if os.path.exists(out_dir) and not os.path.isdir(out_dir):
            raise UsageError("--output-dir %s exists and is not a directory" % out_dir)
    except UsageError as e:
        print("baseline_pytorch: %s" % e, file=sys.stderr)
        return 2

    # The harness's warm-up prompts: the largest batch's worth, from the next seed.
    warm = synthetic_prompts(max(sizes), longest, model.vocab_size, args.seed + 1)
    config: Dict[str, Any] = {
        "engine": ENGINE_NAME, "device": args.device or device.type, "model": args.model,
        "batch_sizes": sizes, "num_prompts": len(prompts), "max_tokens": args.max_tokens,
        "warmup": str(args.warmup), "seed": args.seed,
    }
    if args.repeats > 1:
        config["repeats"] = args.repeats
    if args.prompts_file:
        config["prompts_file"] = args.prompts_file
    else:
        config["prompt_len"] = str(args.prompt_len)
    script = sys.argv[0] if argv is None else "scripts/baseline_pytorch.py"
    command = " ".join(shlex.quote(a) for a in ["python3", script] + args_list)
    if not args.quiet:
        print("engine %s on %s, model %s (%s), torch %s"
              % (ENGINE_NAME, device_name(device), args.model, model.meta["dtype"],
                 torch.__version__))
        print("batch        tok/s    tokens  elapsed s  prefill p50 ms  decode p50 ms  "
              "decode p99 ms  status")
    started = utc_now()
    points = sweep(model, sizes, prompts, warm, args.max_tokens, args.warmup,
                   on_point=None if args.quiet else lambda p: print(table_row(p), flush=True),
                   repeats=args.repeats)
    finished = utc_now()
    status = sweep_status(points)
    timer = "cuda-events" if device.type == "cuda" else "host-clock"
    os.makedirs(out_dir, exist_ok=True)
    write_json(os.path.join(out_dir, "throughput.json"), points)
    write_json(os.path.join(out_dir, "run.json"),
               run_metadata(model, config, command, timer, started, finished, status))
    print("results: %s (throughput.json, run.json)" % out_dir)
    return 0 if status == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
