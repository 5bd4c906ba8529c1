#!/usr/bin/env python3
"""Tests of host_states.py: points sorted by host state, medians compared within a state."""

import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import host_states as hs  # noqa: E402


def write_round(folder, steps_by_batch, status="ok"):
    """A throughput.json whose points have the given decode p50s (ms)."""
    os.makedirs(folder, exist_ok=True)
    points = {str(b): {"status": status, "decode": {"gpu_ms": {"p50_ms": ms}}} for b, ms in steps_by_batch.items()}
    points["summary"] = {"note": "not a point"}
    with open(os.path.join(folder, "throughput.json"), "w") as f:
        json.dump(points, f)


class HostStatesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        root = self.tmp.name
        self.base = os.path.join(root, "python-eager")
        self.other = os.path.join(root, "djl")
        # Baseline: two fast rounds (2.0, 2.2) and one slow (4.0) at batch 1.
        for i, ms in enumerate([2.0, 4.0, 2.2], start=1):
            write_round(os.path.join(self.base, "round-%d" % i), {1: ms, 8: 2.5})
        # The other path: one fast (1.9), one slow (3.6), one mixed (3.1); round-10 sorts after round-2.
        for i, ms in zip([1, 2, 10], [1.9, 3.6, 3.1]):
            write_round(os.path.join(self.other, "round-%d" % i), {1: ms})
        write_round(os.path.join(self.other, "round-11"), {8: 9.9}, status="failed")

    def test_points_are_read_from_every_round_in_order_and_failed_points_are_skipped(self):
        self.assertEqual({1: [1.9, 3.6, 3.1]}, hs.decode_p50s(self.other))
        self.assertEqual({1: [2.0, 4.0, 2.2], 8: [2.5, 2.5, 2.5]}, hs.decode_p50s(self.base))

    def test_a_single_results_folder_is_one_round(self):
        single = os.path.join(self.tmp.name, "single")
        write_round(single, {4: 1.5})
        self.assertEqual({4: [1.5]}, hs.decode_p50s(single))

    def test_medians_and_ratios_are_within_a_state(self):
        lines = hs.table([self.base, self.other], 3.0, 3.3)
        rows = {tuple(l.split()[:2]): l for l in lines[3:]}
        self.assertIn("n 2  2.10", rows[("1", "fast")])
        self.assertIn("n 1  1.90  0.905x", rows[("1", "fast")])
        self.assertIn("n 1  3.60  0.900x", rows[("1", "slow")])
        self.assertIn("n 1  3.10", rows[("1", "mixed")])
        self.assertIn("n 0", rows[("8", "fast")], "a path without points at a batch size shows none")

    def test_bad_thresholds_and_folders_get_one_line_and_exit_2(self):
        for argv in (["--fast-below", "3", "--slow-above", "2", self.base],
                     ["--fast-below", "3", "--slow-above", "3.3", os.path.join(self.tmp.name, "nowhere")]):
            err = io.StringIO()
            with self.subTest(argv=argv), contextlib.redirect_stderr(err), self.assertRaises(SystemExit) as e:
                hs.main(argv)
            self.assertEqual(2, e.exception.code)
            self.assertEqual(1, len(err.getvalue().strip().splitlines()), err.getvalue())


if __name__ == "__main__":
    unittest.main()
