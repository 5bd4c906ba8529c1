#!/usr/bin/env python3
"""Tests of export_model.py and of the model contract (models/README.md).

Needs only torch (1.13 or newer); no transformers. Run from the repo root:

    python3 -m unittest discover -s scripts -p 'test_*.py' -v
    # or: python3 scripts/test_export.py
"""

import contextlib
import io
import json
import math
import os
import struct
import sys
import tempfile
import unittest
import zipfile
from typing import Any, Dict, List, Optional

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_model as em  # noqa: E402

TOL = 1e-5
MAX_SEQ = 64


def make_config(preset: str, **overrides: Any) -> em.ModelConfig:
    d = dict(em.PRESETS[preset])
    d.update(overrides)
    return em.ModelConfig(**d)


def make_model(cfg: em.ModelConfig, dtype: torch.dtype = torch.float32, seed: int = 1,
               std: float = 0.02, max_seq: int = MAX_SEQ):
    """(eager module, scripted module, metadata)"""
    eager = em.prepare_module(cfg, dtype, max_seq, seed=seed, init_std=std)
    meta = em.make_metadata(cfg, eager, dtype, max_seq, True)
    return eager, em.script_module(eager, meta), meta


def run(model, meta, ids: List[List[int]], positions: Optional[List[List[int]]] = None,
        last: Optional[List[int]] = None, cache=None):
    t = len(ids[0])
    if positions is None:
        positions = [list(range(t)) for _ in ids]
    if last is None:
        last = [t - 1] * len(ids)
    if cache is None:
        cache = em.new_cache(meta, len(ids))
    with torch.no_grad():
        out = model(torch.tensor(ids), torch.tensor(positions), torch.tensor(last), *cache)
    return out, cache


def prompts(vocab: int, lengths: List[int], seed: int = 7) -> List[List[int]]:
    gen = torch.Generator()
    gen.manual_seed(seed)
    return [torch.randint(1, vocab, (n,), generator=gen).tolist() for n in lengths]


# ---- an independent, cache-free implementation written the way Hugging Face's is -----------

def _gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


def reference_gpt2(sd: Dict[str, torch.Tensor], cfg: em.ModelConfig, ids: torch.Tensor):
    """All-position logits [T, V] of one sequence, full causal attention, no cache."""
    sd = {k: v.double() for k, v in sd.items()}
    t = ids.numel()
    c, nh = cfg.hidden_size, cfg.num_heads
    d = c // nh
    x = sd["wte.weight"][ids] + sd["wpe.weight"][torch.arange(t)]
    causal = torch.ones(t, t).tril().bool()
    for i in range(cfg.num_layers):
        p = "h.%d." % i
        h = F.layer_norm(x, (c,), sd[p + "ln_1.weight"], sd[p + "ln_1.bias"], cfg.norm_eps)
        qkv = h @ sd[p + "attn.c_attn.weight"].t() + sd[p + "attn.c_attn.bias"]
        q, k, v = [z.view(t, nh, d).transpose(0, 1) for z in qkv.split(c, dim=-1)]
        w = q @ k.transpose(-1, -2) / math.sqrt(d)
        if cfg.scale_attn_by_inverse_layer_idx:
            w = w / float(i + 1)
        w = torch.softmax(w.masked_fill(~causal, float("-inf")), dim=-1)
        a = (w @ v).transpose(0, 1).reshape(t, c)
        x = x + a @ sd[p + "attn.c_proj.weight"].t() + sd[p + "attn.c_proj.bias"]
        h = F.layer_norm(x, (c,), sd[p + "ln_2.weight"], sd[p + "ln_2.bias"], cfg.norm_eps)
        h = _gelu_new(h @ sd[p + "mlp.c_fc.weight"].t() + sd[p + "mlp.c_fc.bias"])
        x = x + h @ sd[p + "mlp.c_proj.weight"].t() + sd[p + "mlp.c_proj.bias"]
    x = F.layer_norm(x, (c,), sd["ln_f.weight"], sd["ln_f.bias"], cfg.norm_eps)
    return x @ sd["lm_head.weight"].t()


def reference_inv_freq(cfg: em.ModelConfig) -> torch.Tensor:
    """Per frequency, written out with scalars (independent of the export's vectorised code)."""
    d = cfg.head_dim
    out = []
    s = cfg.rope_scaling or {}
    kind = s.get("rope_type", s.get("type", "default"))
    for i in range(0, d, 2):
        f = 1.0 / (cfg.rope_theta ** (i / d))
        if kind == "linear":
            f = f / s["factor"]
        elif kind == "llama3":
            old = s["original_max_position_embeddings"]
            low_wl, high_wl = old / s["low_freq_factor"], old / s["high_freq_factor"]
            wl = 2 * math.pi / f
            if wl > low_wl:
                f = f / s["factor"]
            elif wl >= high_wl:
                smooth = (old / wl - s["low_freq_factor"]) / (
                    s["high_freq_factor"] - s["low_freq_factor"])
                f = (1 - smooth) * f / s["factor"] + smooth * f
        out.append(f)
    return torch.tensor(out, dtype=torch.float64)


def _rms(x, w, eps):
    return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def _rotate_half(x):
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def reference_llama(sd: Dict[str, torch.Tensor], cfg: em.ModelConfig, ids: torch.Tensor):
    sd = {k: v.double() for k, v in sd.items()}
    t = ids.numel()
    nh, nkv, d = cfg.num_heads, cfg.num_kv_heads, cfg.head_dim
    x = sd["embed_tokens.weight"][ids]
    freqs = torch.arange(t, dtype=torch.float64)[:, None] * reference_inv_freq(cfg)[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos()[None], emb.sin()[None]  # [1, T, D], broadcast over heads
    causal = torch.ones(t, t).tril().bool()

    def lin(h, name):
        y = h @ sd[name + ".weight"].t()
        return y + sd[name + ".bias"] if name + ".bias" in sd else y

    for i in range(cfg.num_layers):
        p = "layers.%d." % i
        h = _rms(x, sd[p + "input_layernorm.weight"], cfg.norm_eps)
        q = lin(h, p + "self_attn.q_proj").view(t, nh, d).transpose(0, 1)
        k = lin(h, p + "self_attn.k_proj").view(t, nkv, d).transpose(0, 1)
        v = lin(h, p + "self_attn.v_proj").view(t, nkv, d).transpose(0, 1)
        q = q * cos + _rotate_half(q) * sin
        k = k * cos + _rotate_half(k) * sin
        k = torch.repeat_interleave(k, nh // nkv, dim=0)  # HF repeat_kv
        v = torch.repeat_interleave(v, nh // nkv, dim=0)
        w = (q @ k.transpose(-1, -2)) * d ** -0.5
        w = torch.softmax(w.masked_fill(~causal, float("-inf")), dim=-1)
        a = (w @ v).transpose(0, 1).reshape(t, nh * d)
        x = x + lin(a, p + "self_attn.o_proj")
        h = _rms(x, sd[p + "post_attention_layernorm.weight"], cfg.norm_eps)
        x = x + lin(F.silu(lin(h, p + "mlp.gate_proj")) * lin(h, p + "mlp.up_proj"),
                    p + "mlp.down_proj")
    x = _rms(x, sd["norm.weight"], cfg.norm_eps)
    return x @ sd["lm_head.weight"].t()


# ---- Hugging Face-style checkpoints, written by hand -------------------------------------

def to_hf_state_dict(eager, cfg: em.ModelConfig) -> Dict[str, torch.Tensor]:
    """The inverse of em.hf_to_module_state_dict: names (and layouts) as HF saves them."""
    out = {}
    for name, t in eager.state_dict().items():
        if name == "inv_freq":
            continue
        if name == "lm_head.weight":
            if cfg.tie_word_embeddings:
                continue  # save_pretrained drops tied weights
            out[name] = t.clone()
            continue
        if cfg.family == "gpt2":
            if name.endswith(em._GPT2_CONV1D):
                t = t.t()
            out["transformer." + name] = t.contiguous().clone()
        else:
            out["model." + name] = t.clone()
    return out


def write_safetensors(path: str, sd: Dict[str, torch.Tensor]) -> None:
    names = {torch.float32: "F32", torch.float16: "F16"}
    header, blobs, offset = {}, [], 0
    for name in sorted(sd):
        t = sd[name].contiguous()
        raw = t.numpy().tobytes()
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def hf_config_json(cfg: em.ModelConfig, transformers5: bool) -> Dict[str, Any]:
    if cfg.family == "gpt2":
        return {"model_type": "gpt2", "vocab_size": cfg.vocab_size, "n_embd": cfg.hidden_size,
                "n_layer": cfg.num_layers, "n_head": cfg.num_heads, "n_inner": None,
                "n_positions": cfg.max_position_embeddings,
                "layer_norm_epsilon": cfg.norm_eps, "activation_function": "gelu_new",
                "scale_attn_by_inverse_layer_idx": cfg.scale_attn_by_inverse_layer_idx,
                "tie_word_embeddings": cfg.tie_word_embeddings}
    d = {"model_type": "llama", "vocab_size": cfg.vocab_size, "hidden_size": cfg.hidden_size,
         "num_hidden_layers": cfg.num_layers, "num_attention_heads": cfg.num_heads,
         "num_key_value_heads": cfg.num_kv_heads, "intermediate_size": cfg.intermediate_size,
         "max_position_embeddings": cfg.max_position_embeddings, "rms_norm_eps": cfg.norm_eps,
         "hidden_act": "silu", "tie_word_embeddings": cfg.tie_word_embeddings,
         "attention_bias": cfg.attention_bias, "mlp_bias": cfg.mlp_bias,
         "head_dim": cfg.head_dim}
    if transformers5:
        rp = {"rope_type": "default", "rope_theta": cfg.rope_theta}
        rp.update(cfg.rope_scaling or {})
        d["rope_parameters"] = rp
    else:
        d["rope_theta"] = cfg.rope_theta
        d["rope_scaling"] = cfg.rope_scaling
    return d


FAMILIES = ("tiny-gpt2", "tiny-llama")


class ContractTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.models = {}
        for preset in FAMILIES:
            cfg = em.config_from_preset(preset)
            cls.models[preset] = (cfg,) + make_model(cfg)

    def each(self):
        for preset in FAMILIES:
            cfg, eager, scripted, meta = self.models[preset]
            with self.subTest(model=preset):
                yield cfg, eager, scripted, meta

    def test_export_reload_and_metadata(self):
        with tempfile.TemporaryDirectory() as tmp:
            for preset in FAMILIES:
                with self.subTest(model=preset):
                    out = os.path.join(tmp, preset + ".pt")
                    side = em.export(em.config_from_preset(preset), out, max_seq_len=MAX_SEQ,
                                     seed=1)
                    self.assertLess(os.path.getsize(out), 1024 * 1024)
                    ok, report = em.verify_export(out)
                    self.assertTrue(ok, report)
                    self.assertIn("max |logit diff| 0 ", report)
                    loaded = torch.jit.load(out)
                    meta = dict(loaded.metadata())
                    for key in ("contract_version", "family", "dtype", "vocab_size",
                                "num_layers", "num_kv_heads", "head_dim", "max_seq_len",
                                "param_count"):
                        self.assertEqual(meta[key], str(side[key]), key)
                    self.assertEqual(meta["contract_version"], "1")
                    self.assertEqual(json.loads(loaded.metadata_json())["param_count"],
                                     side["param_count"])
                    with zipfile.ZipFile(out) as z:
                        extra = [n for n in z.namelist() if n.endswith("/extra/jharness.json")]
                        self.assertEqual(len(extra), 1)
                        self.assertEqual(json.loads(z.read(extra[0]))["family"], side["family"])
                    ref = side["reference"]
                    self.assertEqual(len(ref["logits"]), 2)
                    self.assertEqual(len(ref["logits"][0]), 512)
                    self.assertEqual(len(ref["greedy"]["tokens"]), 16)
                    self.assertNotEqual(ref["prompt_lengths"][0], ref["prompt_lengths"][1])

    def test_param_count_counts_tied_weights_once(self):
        cfg, eager, _, meta = self.models["tiny-gpt2"]
        c, v, l = cfg.hidden_size, cfg.vocab_size, cfg.num_layers
        per_layer = (4 * c) + (c * 3 * c + 3 * c) + (c * c + c) + (c * 4 * c + 4 * c) + (4 * c * c + c)
        expected = v * c + cfg.max_position_embeddings * c + l * per_layer + 2 * c
        self.assertEqual(meta["param_count"], expected)
        self.assertEqual(em.param_count(em.build_module(em.config_from_preset("gpt2"))),
                         124439808)

    def test_no_autograd_even_outside_no_grad(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "m.pt")
            em.export(em.config_from_preset("tiny-llama"), out, max_seq_len=MAX_SEQ, seed=1)
            loaded = torch.jit.load(out)
            self.assertFalse(any(p.requires_grad for p in loaded.parameters()))
            meta = json.loads(loaded.metadata_json())
            kc, vc = em.new_cache(meta, 1)
            logits = loaded(torch.tensor([[1, 2, 3]]), torch.tensor([[0, 1, 2]]),
                            torch.tensor([2]), kc, vc)
            self.assertFalse(logits.requires_grad or kc.requires_grad or vc.requires_grad)

    def test_cache_is_updated_in_place(self):
        for cfg, _, model, meta in self.each():
            kc, vc = em.new_cache(meta, 2)
            ptr = (kc.data_ptr(), vc.data_ptr())
            ids = prompts(cfg.vocab_size, [6, 6])
            run(model, meta, ids, cache=(kc, vc))
            self.assertEqual((kc.data_ptr(), vc.data_ptr()), ptr)
            for cache in (kc, vc):
                # positions 0..5 of both rows written in every layer and head, the rest untouched
                self.assertTrue(bool((cache[:, :, :, :6].abs().sum(-1) > 0).all()))
                self.assertTrue(bool((cache[:, :, :, 6:] == 0).all()))
            # a decode step writes exactly one more position per row
            before = kc.clone()
            run(model, meta, [[3], [4]], [[6], [6]], [0, 0], cache=(kc, vc))
            changed = (kc != before).any(-1).any(2).any(0)  # [B, S]
            self.assertEqual(changed.nonzero().tolist(), [[0, 6], [1, 6]])

    def test_the_model_makes_its_own_caches(self):
        for cfg, _, model, meta in self.each():
            kc, vc = model.new_cache(3, 40)
            expected = em.new_cache(meta, 3, 40)
            for made, want in zip((kc, vc), expected):
                self.assertEqual(made.shape, want.shape)
                self.assertEqual(made.dtype, want.dtype)
                self.assertEqual(made.device, want.device)
                self.assertTrue(bool((made == 0).all()))
            self.assertNotEqual(kc.data_ptr(), vc.data_ptr())
            ids = prompts(cfg.vocab_size, [5, 5, 5])
            a, _ = run(model, meta, ids, cache=(kc, vc))
            b, _ = run(model, meta, ids, cache=expected)
            self.assertTrue(torch.equal(a, b))
            # Called in inference mode (as DJL calls a model's methods), they are inference tensors.
            with torch.inference_mode():
                self.assertTrue(all(t.is_inference() for t in model.new_cache(1, 8)))
            with self.assertRaisesRegex((RuntimeError, torch.jit.Error), "jharness contract: new_cache"):
                model.new_cache(0, 8)

    def test_one_call_prefill_equals_token_by_token(self):
        for cfg, _, model, meta in self.each():
            ids = prompts(cfg.vocab_size, [9])[0]
            full, (kf, vf) = run(model, meta, [ids])
            cache = em.new_cache(meta, 1)
            for i, tok in enumerate(ids):
                step, _ = run(model, meta, [[tok]], [[i]], [0], cache=cache)
            self.assertLess((full - step).abs().max().item(), TOL)
            self.assertLess((kf - cache[0]).abs().max().item(), TOL)
            self.assertLess((vf - cache[1]).abs().max().item(), TOL)
            # chunked prefill (5 then 4 tokens) agrees too
            cache = em.new_cache(meta, 1)
            run(model, meta, [ids[:5]], cache=cache)
            chunk, _ = run(model, meta, [ids[5:]], [list(range(5, 9))], [3], cache=cache)
            self.assertLess((full - chunk).abs().max().item(), TOL)

    def test_every_position_matches_independent_implementation(self):
        variants = [
            ("tiny-gpt2", {}),
            ("tiny-gpt2", {"scale_attn_by_inverse_layer_idx": True}),
            ("tiny-llama", {}),
            ("tiny-llama", {"tie_word_embeddings": True, "num_kv_heads": 1,
                            "attention_bias": True, "mlp_bias": True}),
            ("tiny-llama", {"num_kv_heads": 4, "head_dim": 32, "rope_theta": 500000.0,
                            "rope_scaling": {"rope_type": "llama3", "factor": 32.0,
                                             "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                                             "original_max_position_embeddings": 16}}),
            ("tiny-llama", {"rope_scaling": {"type": "linear", "factor": 2.0}}),
        ]
        for preset, over in variants:
            with self.subTest(model=preset, overrides=over):
                cfg = make_config(preset, **over)
                eager, model, meta = make_model(cfg, std=0.1, seed=3)
                if cfg.attention_bias or cfg.mlp_bias:  # make the biases matter
                    with torch.no_grad():
                        for n, p in eager.named_parameters():
                            if n.endswith(".bias"):
                                p.normal_(0, 0.1)
                    model = em.script_module(eager, meta)
                ids = prompts(cfg.vocab_size, [12], seed=5)[0]
                sd = {k: v for k, v in eager.state_dict().items()}
                ref_fn = reference_gpt2 if cfg.family == "gpt2" else reference_llama
                ref = ref_fn(sd, cfg, torch.tensor(ids))
                t = len(ids)
                for i in range(t):
                    got, _ = run(model, meta, [ids], last=[i])
                    err = (got[0].double() - ref[i]).abs().max().item()
                    self.assertLess(err, 1e-4, "position %d" % i)

    def test_right_padded_batch_equals_each_prompt_alone(self):
        for cfg, _, model, meta in self.each():
            a, b = prompts(cfg.vocab_size, [9, 4])
            padded = [a, b + [0] * 5]
            batch, cache = run(model, meta, padded, last=[8, 3])
            alone_a, cache_a = run(model, meta, [a])
            alone_b, cache_b = run(model, meta, [b])
            self.assertLess((batch[0] - alone_a[0]).abs().max().item(), TOL)
            self.assertLess((batch[1] - alone_b[0]).abs().max().item(), TOL)
            # decoding on: the pad positions of row 1 (4..8) hold garbage until overwritten
            ta, tb = int(batch[0].argmax()), int(batch[1].argmax())
            for step in range(6):
                batch, _ = run(model, meta, [[ta], [tb]], [[9 + step], [4 + step]], [0, 0],
                               cache=cache)
                sa, _ = run(model, meta, [[ta]], [[9 + step]], [0], cache=cache_a)
                sb, _ = run(model, meta, [[tb]], [[4 + step]], [0], cache=cache_b)
                self.assertLess((batch[0] - sa[0]).abs().max().item(), TOL, "step %d" % step)
                self.assertLess((batch[1] - sb[0]).abs().max().item(), TOL, "step %d" % step)
                ta, tb = int(sa[0].argmax()), int(sb[0].argmax())

    def test_smaller_batch_uses_first_cache_rows_only(self):
        for cfg, _, model, meta in self.each():
            kc, vc = em.new_cache(meta, 4)
            gen = torch.Generator()
            gen.manual_seed(0)
            kc[:, 2:] = torch.randn(kc[:, 2:].shape, generator=gen)
            vc[:, 2:] = torch.randn(vc[:, 2:].shape, generator=gen)
            k_rows, v_rows = kc[:, 2:].clone(), vc[:, 2:].clone()
            ids = prompts(cfg.vocab_size, [5, 5])
            out4, _ = run(model, meta, ids, cache=(kc, vc))
            out2, (k2, v2) = run(model, meta, ids)
            self.assertTrue(torch.equal(kc[:, 2:], k_rows))
            self.assertTrue(torch.equal(vc[:, 2:], v_rows))
            self.assertLess((out4 - out2).abs().max().item(), TOL)
            self.assertLess((kc[:, :2] - k2).abs().max().item(), TOL)
            # decode at batch 1 on the same 4-row cache: row 0 only
            before = kc.clone()
            run(model, meta, [[1]], [[5]], [0], cache=(kc, vc))
            self.assertTrue(torch.equal(kc[:, 1:], before[:, 1:]))

    def test_cache_shorter_than_max_seq_len(self):
        for cfg, _, model, meta in self.each():
            ids = prompts(cfg.vocab_size, [6])
            full, _ = run(model, meta, ids)
            short, _ = run(model, meta, ids, cache=em.new_cache(meta, 1, seq=8))
            self.assertLess((full - short).abs().max().item(), TOL)

    def test_int32_inputs_give_the_same_logits(self):
        for cfg, _, model, meta in self.each():
            ids = prompts(cfg.vocab_size, [6])
            ref, _ = run(model, meta, ids)
            with torch.no_grad():
                got = model(torch.tensor(ids, dtype=torch.int32),
                            torch.arange(6, dtype=torch.int32).unsqueeze(0),
                            torch.tensor([5], dtype=torch.int32), *em.new_cache(meta, 1))
            self.assertTrue(torch.equal(ref, got))
            self.assertEqual(got.dtype, torch.float32)
            self.assertEqual(tuple(got.shape), (1, cfg.vocab_size))

    def test_bad_inputs_raise_clear_errors(self):
        cfg, _, model, meta = self.models["tiny-llama"]
        cases = [
            ("positions must be in", dict(positions=[[0, 1, 64]])),
            ("positions must be in", dict(positions=[[0, 1, -1]])),
            ("last_index must be in", dict(last=[3])),
            ("token ids must be in", dict(ids=[[1, 2, 512]])),
            ("larger than the cache", dict(cache=em.new_cache(meta, 1), ids=[[1, 2, 3]] * 2)),
            ("cache shape", dict(cache=(torch.zeros(2, 1, 4, 64, 16),) * 2)),
            ("cache length", dict(cache=em.new_cache(meta, 1, seq=65))),
            ("must be contiguous", dict(cache=tuple(c[:, ::2] for c in em.new_cache(meta, 2)))),
        ]
        for expect, kw in cases:
            with self.subTest(expect=expect):
                ids = kw.pop("ids", [[1, 2, 3]])
                with self.assertRaises((RuntimeError, torch.jit.Error)) as ctx:
                    run(model, meta, ids, **kw)
                self.assertIn(expect, str(ctx.exception))

    def test_without_input_checks_same_logits(self):
        cfg = em.config_from_preset("tiny-gpt2")
        eager = em.prepare_module(cfg, max_seq_len=MAX_SEQ, seed=1)
        meta = em.make_metadata(cfg, eager, torch.float32, MAX_SEQ, False)
        unchecked = em.script_module(eager, meta)
        self.assertEqual(unchecked.metadata()["input_checks"], "false")
        ids = prompts(cfg.vocab_size, [6])
        self.assertTrue(torch.equal(run(unchecked, meta, ids)[0],
                                    run(self.models["tiny-gpt2"][2], meta, ids)[0]))

    def test_static_span_same_logits_and_cache(self):
        # --static-span attends over the whole cache (masked) so forward never reads back to
        # the host; greedy decoding must see the same logits (up to summation order).
        for preset in FAMILIES:
            with self.subTest(model=preset):
                cfg = em.config_from_preset(preset)
                eager = em.prepare_module(cfg, max_seq_len=MAX_SEQ, seed=1)
                meta = em.make_metadata(cfg, eager, torch.float32, MAX_SEQ, False, True)
                static = em.script_module(eager, meta)
                self.assertEqual(static.metadata()["static_span"], "true")
                dynamic = self.models[preset][2]
                ids = prompts(cfg.vocab_size, [6, 6])
                cs, cd = em.new_cache(meta, 2), em.new_cache(meta, 2)
                ls, _ = run(static, meta, ids, cache=cs)
                ld, _ = run(dynamic, meta, ids, cache=cd)
                self.assertLess((ls - ld).abs().max().item(), TOL)
                step_s, _ = run(static, meta, [[1], [2]], [[6], [6]], [0, 0], cache=cs)
                step_d, _ = run(dynamic, meta, [[1], [2]], [[6], [6]], [0, 0], cache=cd)
                self.assertLess((step_s - step_d).abs().max().item(), TOL)
                self.assertLess((cs[0] - cd[0]).abs().max().item(), TOL)

    def test_half_precision_exports(self):
        with tempfile.TemporaryDirectory() as tmp:
            for preset in FAMILIES:
                for dt, name in ((torch.bfloat16, "bfloat16"), (torch.float16, "float16")):
                    with self.subTest(model=preset, dtype=name):
                        out = os.path.join(tmp, "%s-%s.pt" % (preset, name))
                        side = em.export(em.config_from_preset(preset), out, dtype=dt,
                                         max_seq_len=MAX_SEQ, seed=1)
                        self.assertEqual(side["dtype"], name)
                        loaded = torch.jit.load(out)
                        self.assertEqual(loaded.metadata()["dtype"], name)
                        dtypes = {p.dtype for p in loaded.parameters()}
                        self.assertEqual(dtypes, {dt})
                        if preset == "tiny-llama":
                            self.assertEqual(loaded.inv_freq.dtype, torch.float32)
                        ok, report = em.verify_export(out)
                        self.assertTrue(ok, report)
                        if side["reference"] is None:
                            # torch 1.13 has no float16 matmul on the CPU; the sidecar says so
                            self.assertEqual(name, "float16")
                            self.assertIn("float16 on cpu", side["reference_unavailable"])
                        else:
                            fp32 = self.models[preset][2]
                            meta32 = self.models[preset][3]
                            ref = side["reference"]
                            got, _ = run(fp32, meta32, ref["input_ids"], ref["positions"],
                                         ref["last_index"])
                            err = (got - torch.tensor(ref["logits"])).abs().max().item()
                            self.assertLess(err, em.TOLERANCES[name])

    def test_hf_checkpoints_load(self):
        for preset, over in (("tiny-gpt2", {}), ("tiny-llama", {}),
                             ("tiny-llama", {"tie_word_embeddings": True})):
            cfg = make_config(preset, **over)
            eager, model, meta = make_model(cfg, seed=4)
            ids = prompts(cfg.vocab_size, [7])
            expected, _ = run(model, meta, ids)
            hf_sd = to_hf_state_dict(eager, cfg)
            for fmt, v5 in (("safetensors", True), ("bin", False)):
                with self.subTest(model=preset, overrides=over, format=fmt), \
                        tempfile.TemporaryDirectory() as tmp:
                    ckpt = os.path.join(tmp, "ckpt")
                    os.makedirs(ckpt)
                    with open(os.path.join(ckpt, "config.json"), "w") as f:
                        json.dump(hf_config_json(cfg, v5), f)
                    if fmt == "safetensors":
                        write_safetensors(os.path.join(ckpt, "model.safetensors"), hf_sd)
                    else:
                        torch.save(hf_sd, os.path.join(ckpt, "pytorch_model.bin"))
                    out = os.path.join(tmp, "m.pt")
                    with contextlib.redirect_stdout(io.StringIO()):
                        rc = em.main(["--hf-checkpoint", ckpt, "--max-seq-len", str(MAX_SEQ),
                                      "--output", out, "--check"])
                    self.assertEqual(rc, 0)
                    loaded = torch.jit.load(out)
                    self.assertEqual(loaded.metadata()["param_count"], str(meta["param_count"]))
                    got, _ = run(loaded, meta, ids)
                    self.assertTrue(torch.equal(got, expected))

    def test_hf_config_mapping(self):
        llama32 = {"model_type": "llama", "vocab_size": 128256, "hidden_size": 2048,
                   "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8,
                   "head_dim": 64, "intermediate_size": 8192, "max_position_embeddings": 131072,
                   "rms_norm_eps": 1e-5, "rope_theta": 500000.0, "tie_word_embeddings": True,
                   "hidden_act": "silu",
                   "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0,
                                    "low_freq_factor": 1.0,
                                    "original_max_position_embeddings": 8192,
                                    "rope_type": "llama3"}}
        preset = em.config_from_preset("llama-1b").to_dict()
        self.assertEqual(em.config_from_hf(llama32).to_dict(), preset)
        v5 = dict(llama32)
        v5.pop("rope_theta")
        v5["rope_parameters"] = dict(v5.pop("rope_scaling"), rope_theta=500000.0)
        self.assertEqual(em.config_from_hf(v5).to_dict(), preset)
        torch.testing.assert_close(em.rope_inv_freq(em.config_from_preset("llama-1b")),
                                   reference_inv_freq(em.config_from_hf(v5)).float())
        gpt2 = {"model_type": "gpt2", "vocab_size": 50257, "n_embd": 768, "n_layer": 12,
                "n_head": 12, "n_positions": 1024, "n_inner": None,
                "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new"}
        self.assertEqual(em.config_from_hf(gpt2).to_dict(),
                         em.config_from_preset("gpt2").to_dict())
        with self.assertRaises(ValueError):
            em.config_from_hf({"model_type": "mistral"})
        with self.assertRaises(ValueError):
            em.config_from_hf(dict(llama32, rope_scaling={"rope_type": "yarn", "factor": 4.0}))

    def test_attention_kernels_agree(self):
        """sdpa and bmm compute the same attention; where this torch lacks sdpa, asking for it
        is refused with a line that says what to use instead."""
        for preset in FAMILIES:
            with self.subTest(model=preset):
                cfg = em.config_from_preset(preset)
                bmm = em.prepare_module(cfg, max_seq_len=MAX_SEQ, seed=1, attention="bmm")
                meta = em.make_metadata(cfg, bmm, torch.float32, MAX_SEQ, True, False, "bmm")
                self.assertEqual(meta["attention"], "bmm")
                scripted = em.script_module(bmm, meta)
                ids = prompts(cfg.vocab_size, [5, 5])
                want, _ = run(scripted, meta, ids)
                if em.default_attention() != "sdpa":
                    with self.assertRaises(ValueError) as ctx:
                        em.build_module(cfg, MAX_SEQ, "sdpa")
                    self.assertIn("torch 2.1", str(ctx.exception))
                    continue
                sdpa = em.prepare_module(cfg, max_seq_len=MAX_SEQ, seed=1, attention="sdpa")
                got, _ = run(em.script_module(sdpa, meta), meta, ids)
                self.assertLess((got - want).abs().max().item(), TOL)
        with self.assertRaises(ValueError):
            em.build_module(em.config_from_preset("tiny-gpt2"), MAX_SEQ, "flash")

    def test_cli(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "x.pt")
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                self.assertEqual(em.main(["--preset", "tiny-gpt2", "--output", out]), 2)
                self.assertEqual(em.main(["--preset", "tiny-gpt2", "--random-weights",
                                          "--hf-checkpoint", tmp, "--output", out]), 2)
                self.assertEqual(em.main(["--preset", "tiny-gpt2", "--random-weights",
                                          "--max-seq-len", "257", "--output", out]), 2)
                self.assertEqual(em.main(["--preset", "tiny-gpt2", "--family", "llama",
                                          "--random-weights", "--output", out]), 2)
                if em.default_attention() != "sdpa":
                    self.assertEqual(em.main(["--preset", "tiny-gpt2", "--random-weights",
                                              "--attention", "sdpa", "--output", out]), 2)
            self.assertIn("n_positions", err.getvalue())
            if em.default_attention() != "sdpa":
                self.assertIn("--attention sdpa needs torch 2.1", err.getvalue())
            self.assertFalse(os.path.exists(out))
            with contextlib.redirect_stdout(io.StringIO()) as so:
                self.assertEqual(em.main(["--preset", "tiny-llama", "--random-weights",
                                          "--seed", "2", "--max-seq-len", "32",
                                          "--output", out, "--check"]), 0)
            self.assertIn("check: ok", so.getvalue())
            with open(out[:-3] + ".json") as f:
                side = json.load(f)
            self.assertEqual(side["max_seq_len"], 32)
            self.assertIn("--seed 2", side["exported_by"])
            self.assertEqual(side["attention"], em.default_attention())
            self.assertEqual(sorted(os.listdir(tmp)), ["x.json", "x.pt"])


if __name__ == "__main__":
    unittest.main()
