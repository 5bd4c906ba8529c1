#!/usr/bin/env python3
"""Where a decode step's time goes: eager against replayed as one CUDA graph, per model file.

For each TorchScript model (the jharness contract, models/README.md) on a CUDA device: one
prefill of --prompt-len tokens, then decode steps fed their own greedy tokens, and

  * the eager step's wall time (host clock, synchronized each step: p50 of --steps),
  * the GPU activities an eager step launches (torch profiler),
  * the same step captured as one CUDA graph: its replay's wall time (p50, synchronized each
    step), its kernel count and the GPU time its kernels are busy,
  * with --table, the kernels of the replay by GPU time.

The first file's prefill logits and greedy tokens are the reference for the others (files
exported from the same seed hold the same weights), so a changed kernel that changes results
shows. This is a diagnostic beside the harness, not a benchmark: the harness's own runs
(scripts/gpu-compare.sh) are what the comparison reports.

    python3 scripts/decode_profile.py --batch 1 --table a.pt b.pt
"""

import argparse
import json
import statistics
import sys
import time
from typing import List

import torch
from torch.profiler import ProfilerActivity, profile

DTYPES = {"float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32}


def p50(samples: List[float]) -> float:
    """The middle sample (the upper one of an even count): a time that really occurred."""
    return statistics.median_high(samples)


def cuda_events(prof) -> list:
    return [e for e in prof.events() if e.device_type == torch.autograd.DeviceType.CUDA]


def profile_model(path: str, batch: int, prompt_len: int, steps: int, table: bool, ref: dict):
    meta = json.load(open(path[:-3] + ".json"))
    model = torch.jit.load(path, map_location="cuda").eval()
    shape = (meta["num_layers"], batch, meta["num_kv_heads"], meta["max_seq_len"], meta["head_dim"])
    kc = torch.zeros(shape, dtype=DTYPES[meta["dtype"]], device="cuda")
    vc = torch.zeros_like(kc)
    name = path.rsplit("/", 1)[-1]
    if prompt_len + 30 + 60 > meta["max_seq_len"]:
        raise SystemExit("decode_profile: --prompt-len %d leaves too few of %s's %d positions"
                         % (prompt_len, name, meta["max_seq_len"]))
    sync = torch.cuda.synchronize
    with torch.inference_mode():
        gen = torch.Generator().manual_seed(3)
        ids = torch.randint(0, meta["vocab_size"], (batch, prompt_len), generator=gen).cuda()
        pos = torch.arange(prompt_len, device="cuda").expand(batch, prompt_len).contiguous()
        last = torch.full((batch,), prompt_len - 1, dtype=torch.long, device="cuda")
        logits = model(ids, pos, last, kc, vc).float()
        zero = torch.zeros(batch, dtype=torch.long, device="cuda")

        def step(p: int, tok: torch.Tensor) -> torch.Tensor:
            at = torch.full((batch, 1), p, dtype=torch.long, device="cuda")
            return model(tok.view(batch, 1), at, zero, kc, vc).argmax(-1)

        tok = logits.argmax(-1)
        tokens = []
        for p in range(prompt_len, prompt_len + 30):
            tok = step(p, tok)
            tokens.append(int(tok[0]))
        if not ref:
            ref.update(logits=logits, tokens=tokens)
        print("%s B%d: prefill max|logit diff| against the first file %.4g; 30 greedy tokens %s"
              % (name, batch, (logits - ref["logits"]).abs().max().item(),
                 "the same" if tokens == ref["tokens"] else "DIFFER"))

        eager = []
        base = prompt_len + 30
        for i in range(steps):
            t0 = time.perf_counter()
            step(base + i % 60, tok).cpu()
            eager.append(time.perf_counter() - t0)
        with profile(activities=[ProfilerActivity.CUDA]) as prof:
            for p in range(base, base + 3):
                step(p, tok)
            sync()
        eager_activities = len(cuda_events(prof)) / 3

        s_tok = torch.full((batch, 1), 7, dtype=torch.long, device="cuda")
        s_pos = torch.full((batch, 1), base, dtype=torch.long, device="cuda")
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(3):
                model(s_tok, s_pos, zero, kc, vc)
        torch.cuda.current_stream().wait_stream(side)
        sync()
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            out = model(s_tok, s_pos, zero, kc, vc).argmax(-1)
        sync()
        for _ in range(50):
            graph.replay()
        sync()
        replay = []
        for i in range(steps):
            t0 = time.perf_counter()
            s_pos.fill_(base + i % 60)
            graph.replay()
            out.cpu()
            replay.append(time.perf_counter() - t0)
        with profile(activities=[ProfilerActivity.CUDA]) as prof:
            for _ in range(3):
                graph.replay()
            sync()
        kernels = cuda_events(prof)
        busy_ms = sum(e.device_time for e in kernels) / 3 / 1e3
        e, g = p50(eager), p50(replay)
        print("%s B%d: eager step p50 %.3f ms (%d GPU activities); graph replay p50 %.3f ms "
              "(%d kernels, busy %.3f ms); eager / graph %.2fx"
              % (name, batch, e * 1e3, eager_activities, g * 1e3, len(kernels) / 3, busy_ms, e / g))
        if table:
            print(prof.key_averages().table(sort_by="device_time_total", row_limit=16,
                                            max_name_column_width=70))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Eager decode step against its CUDA-graph replay, "
                                             "per TorchScript model file (a diagnostic).")
    ap.add_argument("models", nargs="+", metavar="MODEL.pt",
                    help="exported by scripts/export_model.py --static-span (graph capture "
                         "needs a forward that never reads back to the host)")
    ap.add_argument("--batch", type=int, default=1, help="rows per step (1)")
    ap.add_argument("--prompt-len", type=int, default=128, help="prefill tokens (128)")
    ap.add_argument("--steps", type=int, default=300, help="timed steps per mode (300)")
    ap.add_argument("--table", action="store_true", help="the replay's kernels by GPU time")
    args = ap.parse_args(argv)
    if args.batch < 1 or args.steps < 1 or args.prompt_len < 1:
        print("decode_profile: --batch, --steps and --prompt-len must be positive",
              file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print("decode_profile: needs a CUDA device (torch.cuda.is_available() is false)",
              file=sys.stderr)
        return 2
    ref: dict = {}
    for path in args.models:
        profile_model(path, args.batch, args.prompt_len, args.steps, args.table, ref)
        torch.cuda.empty_cache()
    return 0


if __name__ == "__main__":
    sys.exit(main())
