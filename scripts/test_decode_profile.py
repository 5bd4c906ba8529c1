#!/usr/bin/env python3
"""Tests of decode_profile.py's argument handling (its measurements need a CUDA device)."""

import contextlib
import io
import os
import sys
import unittest

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import decode_profile as dp  # noqa: E402


class ArgumentsTest(unittest.TestCase):
    def run_main(self, argv):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = dp.main(argv)
        return code, err.getvalue()

    def test_non_positive_counts_are_refused_with_one_line(self):
        for flag in ("--batch", "--steps", "--prompt-len"):
            with self.subTest(flag=flag):
                code, err = self.run_main([flag, "0", "m.pt"])
                self.assertEqual(code, 2)
                self.assertEqual(err.strip().count("\n"), 0, err)
                self.assertIn("must be positive", err)

    @unittest.skipIf(torch.cuda.is_available(), "this machine has a CUDA device")
    def test_without_cuda_it_says_so(self):
        code, err = self.run_main(["m.pt"])
        self.assertEqual(code, 2)
        self.assertIn("needs a CUDA device", err)

    def test_p50_is_the_middle_sample(self):
        self.assertEqual(dp.p50([3.0, 1.0, 2.0]), 2.0)
        self.assertEqual(dp.p50([4.0, 1.0, 3.0, 2.0]), 3.0)


if __name__ == "__main__":
    unittest.main()
