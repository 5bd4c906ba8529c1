#!/usr/bin/env python3
"""Eager paths compared within each of the host's speed states.

On the H100 machine the README cites (a 16-vCPU KVM guest), a host-bound eager decode step runs
in one of two speeds, about 2.2 to 2.8 ms or 3.4 to 4.5 ms a gpt2 step, switching every few
seconds whatever the process or vCPU (examples/h100-engine-comparison/host-noise/). A point's
median step then says more about the state it ran in than about the path, and `harness compare`'s
tokens/s intervals span both. This script sorts every point of every round by its decode p50 into
fast (below --fast-below), slow (above --slow-above) or mixed, and compares the paths' median
decode p50 within each state, batch size by batch size, against the first path.

    python3 scripts/host_states.py OUT/gpt2/python-eager OUT/gpt2/djl --fast-below 3.0 --slow-above 3.3

Each PATH is a folder of round-N/throughput.json (scripts/gpu-compare.sh with ROUNDS) or one
throughput.json's folder. The step time is the GPU-event p50 where recorded, else the wall p50.
Standard library only: it runs where the results are, with no torch.
"""
import argparse
import json
import os
import statistics
import sys
from typing import Dict, List, Optional


def throughput_files(path: str) -> List[str]:
    """The throughput.json files of a results folder or of a folder of round-N/ results."""
    direct = os.path.join(path, "throughput.json")
    if os.path.isfile(direct):
        return [direct]
    rounds = sorted((d for d in os.listdir(path) if d.startswith("round-")),
                    key=lambda d: int(d.split("-", 1)[1]) if d.split("-", 1)[1].isdigit() else 0)
    files = [os.path.join(path, d, "throughput.json") for d in rounds]
    return [f for f in files if os.path.isfile(f)]


def decode_p50s(path: str) -> Dict[int, List[float]]:
    """Batch size -> the decode p50 (ms) of every ok point of every round, in round order."""
    out: Dict[int, List[float]] = {}
    for f in throughput_files(path):
        with open(f) as fh:
            points = json.load(fh)
        for key, p in points.items():
            if not key.isdigit() or p.get("status") != "ok" or not p.get("decode"):
                continue
            d = p["decode"]
            step = (d.get("gpu_ms") or d.get("wall_ms") or {}).get("p50_ms")
            if step is not None:
                out.setdefault(int(key), []).append(float(step))
    return out


def state(step_ms: float, fast_below: float, slow_above: float) -> str:
    if step_ms < fast_below:
        return "fast"
    if step_ms > slow_above:
        return "slow"
    return "mixed"


def median_or_none(values: List[float]) -> Optional[float]:
    return statistics.median(values) if values else None


def table(paths: List[str], fast_below: float, slow_above: float) -> List[str]:
    """The report's lines: per batch size and state, each path's count and median decode p50."""
    data = [decode_p50s(p) for p in paths]
    names = [os.path.basename(os.path.normpath(p)) for p in paths]
    batches = sorted(set().union(*[d.keys() for d in data]))
    lines = ["decode p50 (ms) by host state: fast < %.2f ms, slow > %.2f ms, mixed between; "
             "n points, their median, and the ratio to %s's median (below 1: faster)"
             % (fast_below, slow_above, names[0])]
    header = "%-6s %-6s" % ("batch", "state") + "".join(" %24s" % n for n in names)
    lines += [header, "-" * len(header)]
    for b in batches:
        for s in ("fast", "slow", "mixed"):
            meds = []
            for d in data:
                vals = [v for v in d.get(b, []) if state(v, fast_below, slow_above) == s]
                meds.append((len(vals), median_or_none(vals)))
            if all(n == 0 for n, _ in meds):
                continue
            base = meds[0][1]
            cells = []
            for i, (n, m) in enumerate(meds):
                if m is None:
                    cells.append(" %24s" % "n 0")
                elif i == 0 or base is None:
                    cells.append(" %24s" % ("n %d  %.2f" % (n, m)))
                else:
                    cells.append(" %24s" % ("n %d  %.2f  %.3fx" % (n, m, m / base)))
            lines.append("%-6d %-6s" % (b, s) + "".join(cells))
    return lines


class Parser(argparse.ArgumentParser):
    """argparse with the team's rule for bad input: one line, exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print("host_states: %s (see --help)" % message, file=sys.stderr)
        sys.exit(2)


def main(argv: Optional[List[str]] = None) -> int:
    parser = Parser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="results folders (or folders of round-N/); the first is the baseline")
    parser.add_argument("--fast-below", type=float, required=True, metavar="MS",
                        help="a point whose decode p50 is below this ran in the fast state")
    parser.add_argument("--slow-above", type=float, required=True, metavar="MS",
                        help="a point whose decode p50 is above this ran in the slow state")
    args = parser.parse_args(argv)
    if not (0 < args.fast_below <= args.slow_above):
        parser.error("--fast-below %s --slow-above %s: need 0 < fast-below <= slow-above"
                     % (args.fast_below, args.slow_above))
    for p in args.paths:
        if not os.path.isdir(p) or not throughput_files(p):
            parser.error("%s: no throughput.json there or in its round-N/ folders" % p)
    print("\n".join(table(args.paths, args.fast_below, args.slow_above)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
