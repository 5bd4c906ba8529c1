#!/usr/bin/env python3
"""Tests of baseline_pytorch.py on the CPU with the fixture models (torch 1.13 or newer).

    python3 -m unittest discover -s scripts -p 'test_*.py' -v
"""

import contextlib
import io
import json
import os
import sys
import tempfile
import unittest
from typing import Any, Dict, List

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import baseline_pytorch as bp  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "models", "fixtures")
GOLDEN = os.path.join(ROOT, "harness", "src", "test", "resources", "golden")
CPU = torch.device("cpu")


def fixture(name: str) -> str:
    return os.path.join(FIXTURES, name + ".pt")


def sidecar(name: str) -> Dict[str, Any]:
    with open(os.path.join(FIXTURES, name + ".json")) as f:
        return json.load(f)


def golden(name: str) -> Dict[str, Any]:
    with open(os.path.join(GOLDEN, name)) as f:
        return json.load(f)


def keys(d: Dict[str, Any], *path: str) -> set:
    for p in path:
        d = d[p]
    return set(d)


def run_cli(args: List[str]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = bp.main(args)
        except SystemExit as e:  # argparse's errors
            code = e.code
    return code, out.getvalue(), err.getvalue()


def greedy_alone(model: bp.Model, prompt: List[int], n: int) -> List[int]:
    """Batch 1, its own fresh cache: prefill then n-1 decode steps, argmax on the logits."""
    with torch.inference_mode():
        k, v = model.new_cache(1, len(prompt) + n)
        logits = model.forward(torch.tensor([prompt]), torch.arange(len(prompt)).unsqueeze(0),
                               torch.tensor([len(prompt) - 1]), k, v)
        tokens = [int(logits.argmax(-1)[0])]
        for i in range(1, n):
            logits = model.forward(torch.tensor([[tokens[-1]]]),
                                   torch.tensor([[len(prompt) + i - 1]]), torch.tensor([0]), k, v)
            tokens.append(int(logits.argmax(-1)[0]))
    return tokens


class FailingAt:
    """A model whose forward fails in sessions of `rows` cache rows, as an OOM would."""

    def __init__(self, model: bp.Model, rows: int):
        self.inner = model
        self.rows = rows

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def new_cache(self, rows: int, seq: int):
        if rows == self.rows:
            raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB (simulated)")
        return self.inner.new_cache(rows, seq)


class SweepTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.models = {name: bp.Model(fixture(name), CPU) for name in ("tiny-gpt2", "tiny-llama")}

    def sweep(self, name: str, sizes: List[int], prompts, max_tokens: int, warmup: int = 3,
              tokens_out=None):
        model = self.models[name]
        warm = bp.synthetic_prompts(max(sizes), max(int(p.numel()) for p in prompts),
                                    model.vocab_size, 43)
        return bp.sweep(model, sizes, prompts, warm, max_tokens, warmup, tokens_out=tokens_out)

    def test_token_counts_as_the_harness_counts_them(self):
        for name in self.models:
            prompts = bp.synthetic_prompts(7, 5, 512, 42)
            points = self.sweep(name, [1, 3, 8], prompts, max_tokens=4)
            self.assertEqual(["1", "3", "8"], list(points))
            for b, expected_batches in ((1, 7), (3, 3), (8, 1)):
                p = points[str(b)]
                self.assertEqual("ok", p["status"], p)
                self.assertEqual(28, p["total_tokens"])  # 7 prompts x 4 tokens, first included
                self.assertEqual(35, p["prompt_tokens"])
                self.assertEqual(7, p["num_prompts"])
                self.assertEqual(4.0, p["avg_tokens_per_prompt"])
                self.assertEqual(expected_batches, p["num_batches"])
                self.assertEqual(expected_batches, p["prefill"]["steps"])
                self.assertEqual(expected_batches * 3, p["decode"]["steps"])
                self.assertEqual(p["decode"]["steps"], p["decode"]["wall_ms"]["count"])
                self.assertAlmostEqual(28 / p["elapsed_sec"], p["throughput_tokens_per_sec"])
                self.assertAlmostEqual(7 / p["elapsed_sec"], p["requests_per_sec"])
                # The steps happen inside the elapsed time.
                steps_sec = p["prefill"]["wall_total_sec"] + p["decode"]["wall_total_sec"]
                self.assertLessEqual(steps_sec, p["elapsed_sec"])
                w = p["decode"]["wall_ms"]
                self.assertTrue(0 < w["min_ms"] <= w["p50_ms"] <= w["p90_ms"] <= w["p95_ms"]
                                <= w["p99_ms"] <= w["max_ms"], w)

    def test_one_token_means_no_decode_steps(self):
        points = self.sweep("tiny-gpt2", [2], bp.synthetic_prompts(3, 4, 512, 1), max_tokens=1)
        p = points["2"]
        self.assertEqual(3, p["total_tokens"])
        self.assertEqual(2, p["prefill"]["steps"])
        self.assertNotIn("decode", p)

    def test_greedy_tokens_match_the_exporters_reference(self):
        # DjlEngineTest checks that the djl engine produces these very tokens from this prompt,
        # so equal tokens here mean the same tokens as the harness's djl engine.
        for name in self.models:
            greedy = sidecar(name)["reference"]["greedy"]
            out: Dict[int, List[List[int]]] = {}
            self.sweep(name, [1], [torch.tensor(greedy["prompt"])], 16, tokens_out=out)
            self.assertEqual([greedy["tokens"]], out[1], name)

    def test_padded_batches_give_each_prompts_own_tokens(self):
        # Prompts of different lengths share a right-padded prefill and a cache reused across
        # batches and batch sizes; every sequence must still get what it gets alone.
        lengths = [9, 3, 6, 1, 12, 4, 7]
        for name, model in self.models.items():
            g = torch.Generator()
            g.manual_seed(5)
            prompts = [torch.randint(0, 512, (n,), generator=g) for n in lengths]
            expected = [greedy_alone(model, p.tolist(), 10) for p in prompts]
            out: Dict[int, List[List[int]]] = {}
            points = self.sweep(name, [1, 3, 4, 7], prompts, 10, tokens_out=out)
            for b in (1, 3, 4, 7):
                self.assertEqual("ok", points[str(b)]["status"])
                self.assertEqual(expected, out[b], "%s, batch size %d" % (name, b))

    def test_a_failing_batch_size_is_recorded_and_the_sweep_goes_on(self):
        model = FailingAt(self.models["tiny-gpt2"], 4)
        prompts = bp.synthetic_prompts(4, 3, 512, 1)
        points = bp.sweep(model, [2, 4, 1], prompts, prompts, 3, 0)
        self.assertEqual(["ok", "failed", "ok"], [points[k]["status"] for k in ("2", "4", "1")])
        self.assertEqual({"batch_size": 4, "status": "failed",
                          "error": "CUDA out of memory. Tried to allocate 2.00 GiB (simulated)"},
                         points["4"])
        self.assertEqual("partial", bp.sweep_status(points))
        self.assertEqual(keys(golden("throughput.json"), "64"), set(points["4"]))

    def test_a_token_outside_the_vocabulary_fails_the_point(self):
        class WideLogits(FailingAt):
            def forward(self, ids, *rest):
                logits = torch.zeros(ids.size(0), 600)
                logits[:, 550] = 1.0  # argmax 550, past the vocabulary of 512
                return logits
        model = WideLogits(self.models["tiny-gpt2"], -1)
        points = bp.sweep(model, [2], bp.synthetic_prompts(2, 3, 512, 1), [], 3, 0)
        self.assertEqual("failed", points["2"]["status"])
        self.assertEqual("the model returned token id 550 for sequence 0, outside its vocabulary "
                         "[0, 512): its output cannot be trusted", points["2"]["error"])


class SummaryTest(unittest.TestCase):

    def test_distribution(self):
        d = bp.distribution([1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000])
        self.assertEqual(5, d["count"])
        self.assertEqual(3.0, d["mean_ms"])
        self.assertEqual(1.0, d["min_ms"])
        self.assertEqual(5.0, d["max_ms"])
        self.assertEqual(3.0, d["p50_ms"])
        self.assertAlmostEqual(4.6, d["p90_ms"])  # torch.quantile, linear interpolation
        self.assertAlmostEqual(2 ** 0.5, d["stddev_ms"], places=6)  # population std

    def test_step_summary_has_the_harness_keys_with_and_without_gpu_time(self):
        g = golden("throughput.json")
        wall_only = bp.step_summary([3_000_000, 4_000_000], None)
        self.assertEqual(keys(g, "1", "decode"), set(wall_only))
        with_gpu = bp.step_summary([3_000_000, 4_000_000], [2_500_000, 3_900_000])
        self.assertEqual(keys(g, "8", "decode"), set(with_gpu))
        self.assertEqual(keys(g, "8", "decode", "gpu_ms"), set(with_gpu["gpu_ms"]))
        self.assertAlmostEqual(0.3, with_gpu["host_overhead_ms"]["p50_ms"])
        self.assertAlmostEqual(6.4, with_gpu["gpu_total_sec"] * 1e3)


class RepeatsTest(unittest.TestCase):

    def test_repeat_stats_as_the_harness_computes_them(self):
        # results/RepeatStats.java: median of an even count is the mean of the middle two; cv
        # is the sample standard deviation over the mean; values stay in the order run.
        r = bp.repeat_stats([4.0, 1.0, 3.0, 2.0])
        self.assertEqual(4, r["n"])
        self.assertEqual(1.0, r["min"])
        self.assertEqual(2.5, r["median"])
        self.assertEqual(4.0, r["max"])
        self.assertAlmostEqual((5 / 3) ** 0.5 / 2.5, r["cv"])
        self.assertEqual([4.0, 1.0, 3.0, 2.0], r["values"])
        self.assertEqual(0.0, bp.repeat_stats([7.0])["cv"])
        self.assertIsNone(bp.repeat_stats([0.0, 0.0])["cv"])


class CliTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def out(self, name: str = "out") -> str:
        return os.path.join(self.tmp.name, name)

    def test_writes_throughput_and_run_json_in_the_harness_shapes(self):
        for name in ("tiny-gpt2", "tiny-llama"):
            d = self.out(name)
            code, stdout, err = run_cli(["--model", fixture(name), "--device", "cpu",
                                         "--batch-sizes", "1,4", "2", "--num-prompts", "5",
                                         "--prompt-len", "6", "--max-tokens", "3",
                                         "--warmup", "2", "--output-dir", d])
            self.assertEqual(0, code, err)
            self.assertIn("results: " + d, stdout)
            self.assertEqual(["run.json", "throughput.json"], sorted(os.listdir(d)))
            with open(os.path.join(d, "throughput.json")) as f:
                tp = json.load(f)
            g = golden("throughput.json")
            self.assertEqual(["1", "4", "2"], list(tp))
            for point in tp.values():
                # The golden file's wall-only point (CPU: no GPU times), key for key.
                self.assertEqual(keys(g, "1"), set(point))
                for kind in ("prefill", "decode"):
                    self.assertEqual(keys(g, "1", kind), set(point[kind]))
                    self.assertEqual(keys(g, "1", kind, "wall_ms"), set(point[kind]["wall_ms"]))
                self.assertEqual(15, point["total_tokens"])
                self.assertEqual(30, point["prompt_tokens"])
            with open(os.path.join(d, "run.json")) as f:
                run = json.load(f)
            gr = golden("run.json")
            # What a Python run can know: no JVM, and nothing the golden file does not have.
            self.assertEqual(keys(gr) - {"jvm"}, set(run))
            self.assertLessEqual(set(run["engine"]), keys(gr, "engine"))
            self.assertLessEqual(set(run["host"]), keys(gr, "host"))
            self.assertLessEqual(set(run["harness"]), keys(gr, "harness"))
            self.assertEqual("pytorch-eager (python)", run["engine"]["engine"])
            self.assertEqual("fp32", run["engine"]["dtype"])
            self.assertEqual("cpu", run["engine"]["device"])
            self.assertEqual(torch.__version__, run["engine"]["versions"]["torch"])
            self.assertIn("python", run["engine"]["versions"])
            self.assertFalse(run["simulated"])
            self.assertFalse(run["engine"]["simulated"])
            self.assertEqual("host-clock", run["timer"])
            self.assertEqual("ok", run["status"])
            self.assertEqual("throughput", run["workload"])
            self.assertEqual([1, 4, 2], run["config"]["batch_sizes"])
            self.assertIn("--max-tokens 3", run["command"])
            self.assertLessEqual(run["started_at"], run["finished_at"])

    def test_repeats_give_each_point_its_median_and_spread(self):
        d = self.out("repeats")
        code, _, err = run_cli(["--model", fixture("tiny-gpt2"), "--device", "cpu",
                                "--batch-sizes", "1", "2", "--num-prompts", "4", "--prompt-len", "6",
                                "--max-tokens", "3", "--warmup", "1", "--repeats", "3",
                                "--output-dir", d, "-q"])
        self.assertEqual(0, code, err)
        with open(os.path.join(d, "throughput.json")) as f:
            tp = json.load(f)
        for point in tp.values():
            r = point["repeats"]
            self.assertEqual(3, r["n"])
            self.assertEqual(3, len(r["values"]))
            self.assertEqual(sorted(r["values"])[1], r["median"])
            self.assertEqual(r["median"], point["throughput_tokens_per_sec"])
            self.assertEqual(12, point["total_tokens"])
        with open(os.path.join(d, "run.json")) as f:
            self.assertEqual(3, json.load(f)["config"]["repeats"])

    def test_prompts_file(self):
        greedy = sidecar("tiny-llama")["reference"]["greedy"]
        prompts = self.out("prompts.json")
        with open(prompts, "w") as f:
            json.dump([greedy["prompt"], [1, 2, 3]], f)
        code, _, err = run_cli(["--model", fixture("tiny-llama"), "--device", "cpu",
                                "--batch-sizes", "2", "--prompts-file", prompts,
                                "--max-tokens", "4", "--warmup", "0", "-q",
                                "--output-dir", self.out()])
        self.assertEqual(0, code, err)
        with open(os.path.join(self.out(), "throughput.json")) as f:
            p = json.load(f)["2"]
        self.assertEqual((8, 8, 2, 1), (p["total_tokens"], p["prompt_tokens"], p["num_prompts"],
                                        p["num_batches"]))
        with open(os.path.join(self.out(), "run.json")) as f:
            config = json.load(f)["config"]
        self.assertEqual(prompts, config["prompts_file"])
        self.assertNotIn("prompt_len", config)
        self.assertEqual(2, config["num_prompts"])

    def assert_usage_error(self, args: List[str], *words: str):
        code, stdout, err = run_cli(args + ["--output-dir", self.out()])
        self.assertEqual(2, code, err)
        lines = err.strip().splitlines()
        self.assertEqual(1, len(lines), err)
        for w in words:
            self.assertIn(w, lines[0])
        self.assertNotIn("Traceback", err)
        self.assertFalse(os.path.exists(self.out()), "nothing written on bad input")

    def test_bad_input_is_one_line_and_exit_2(self):
        m = ["--model", fixture("tiny-gpt2"), "--device", "cpu"]
        self.assert_usage_error(m + ["--batch-sizes", "0"], "--batch-sizes", "0", ">= 1")
        self.assert_usage_error(m + ["--batch-sizes", "2", "2"], "twice")
        self.assert_usage_error(m + ["--batch-sizes", "x"], "--batch-sizes", "x")
        self.assert_usage_error(m + ["--max-tokens", "0"], "--max-tokens", ">= 1")
        self.assert_usage_error(m + ["--warmup", "2s"], "--warmup", "2s")
        self.assert_usage_error(m + ["--prompt-len", "200", "--max-tokens", "100"],
                                "300", "at most 256")
        self.assert_usage_error(["--model", fixture("tiny-gpt2"), "--device", "tpu"],
                                "--device tpu", "cpu or cuda")
        self.assert_usage_error(["--model", self.out("missing.pt"), "--device", "cpu"],
                                "missing.pt")
        self.assert_usage_error([], "--model")
        bad = self.out("bad.json")
        with open(bad, "w") as f:
            json.dump([[1, 2], [513]], f)
        self.assert_usage_error(m + ["--prompts-file", bad], "prompt 1", "[0, 512)")
        if not torch.cuda.is_available():
            self.assert_usage_error(["--model", fixture("tiny-gpt2"), "--device", "cuda"],
                                    "CUDA is not available")


if __name__ == "__main__":
    unittest.main()
