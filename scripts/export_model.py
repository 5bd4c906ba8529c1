#!/usr/bin/env python3
"""Exports a decoder-only LLM as a TorchScript module that follows the jharness model contract.

The contract (models/README.md has the full text):

    forward(input_ids: int64[B, T], positions: int64[B, T], last_index: int64[B],
            k_cache, v_cache) -> logits float32[B, V]

with k_cache / v_cache = [num_layers, B_cache, num_kv_heads, S_cache, head_dim] in the model's
dtype, allocated by the caller and updated in place. One loaded module serves every batch size.

Two families: "gpt2" (GPT-2) and "llama" (Llama 2/3 and look-alikes). Weights come from a seeded
random init (--random-weights) or a local Hugging Face checkpoint (--hf-checkpoint); nothing is
downloaded. The scripted module is written to PATH.pt and its metadata plus reference outputs to
PATH.json; --check reloads PATH.pt and verifies it reproduces PATH.json.

Written for torch 1.13 .. 2.x: only nn.Module, torch.jit.script and plain tensor ops are used
(no scaled_dot_product_attention, no torch.compile). No other package is needed; safetensors
files are read with a built-in reader when the safetensors package is not installed.
"""

import argparse
import json
import math
import os
import re
import shlex
import struct
import sys
from typing import Any, Dict, List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor

CONTRACT_VERSION = 1

DTYPES = {
    "fp32": torch.float32,
    "fp16": torch.float16,
    "bf16": torch.bfloat16,
}
DTYPE_NAMES = {
    torch.float32: "float32",
    torch.float16: "float16",
    torch.bfloat16: "bfloat16",
}
# Suggested tolerance (max abs difference of float32 logits) when comparing against the
# reference of the same dtype computed elsewhere (another device, another runtime).
TOLERANCES = {"float32": 1e-4, "float16": 1e-2, "bfloat16": 5e-2}

# Rows of the vocabulary kept in full in the reference; bigger vocabularies keep only a head.
FULL_LOGITS_MAX_VOCAB = 4096
LOGITS_HEAD = 64
GREEDY_PROMPT_LEN = 5
GREEDY_TOKENS = 16


# --------------------------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------------------------

class ModelConfig(object):
    """Everything the decoder needs to know about a model's shape. Plain Python, not scripted."""

    FIELDS = (
        "family", "vocab_size", "hidden_size", "num_layers", "num_heads", "num_kv_heads",
        "head_dim", "intermediate_size", "max_position_embeddings", "norm_eps",
        "tie_word_embeddings",
        # gpt2
        "activation", "scale_attn_weights", "scale_attn_by_inverse_layer_idx",
        # llama
        "rope_theta", "rope_scaling", "attention_bias", "mlp_bias",
    )

    def __init__(self, **kw: Any) -> None:
        self.family = kw.pop("family")
        if self.family not in ("gpt2", "llama"):
            raise ValueError("family must be gpt2 or llama, not %r" % (self.family,))
        self.vocab_size = int(kw.pop("vocab_size"))
        self.hidden_size = int(kw.pop("hidden_size"))
        self.num_layers = int(kw.pop("num_layers"))
        self.num_heads = int(kw.pop("num_heads"))
        self.num_kv_heads = int(kw.pop("num_kv_heads", None) or self.num_heads)
        head_dim = kw.pop("head_dim", None)
        self.head_dim = int(head_dim) if head_dim else self.hidden_size // self.num_heads
        inter = kw.pop("intermediate_size", None)
        self.intermediate_size = int(inter) if inter else 4 * self.hidden_size
        self.max_position_embeddings = int(kw.pop("max_position_embeddings"))
        self.norm_eps = float(kw.pop("norm_eps", 1e-5))
        self.tie_word_embeddings = bool(kw.pop("tie_word_embeddings", self.family == "gpt2"))
        self.activation = kw.pop("activation", "gelu_new")
        self.scale_attn_weights = bool(kw.pop("scale_attn_weights", True))
        self.scale_attn_by_inverse_layer_idx = bool(kw.pop("scale_attn_by_inverse_layer_idx", False))
        self.rope_theta = float(kw.pop("rope_theta", 10000.0))
        self.rope_scaling = kw.pop("rope_scaling", None)
        self.attention_bias = bool(kw.pop("attention_bias", False))
        self.mlp_bias = bool(kw.pop("mlp_bias", False))
        if kw:
            raise ValueError("unknown config fields: %s" % sorted(kw))
        self.validate()

    def validate(self) -> None:
        if self.num_heads % self.num_kv_heads != 0:
            raise ValueError("num_heads (%d) must be a multiple of num_kv_heads (%d)"
                             % (self.num_heads, self.num_kv_heads))
        if self.family == "gpt2":
            if self.num_kv_heads != self.num_heads:
                raise ValueError("gpt2 has as many kv heads as heads")
            if self.head_dim * self.num_heads != self.hidden_size:
                raise ValueError("gpt2: hidden_size must be num_heads * head_dim")
            if self.activation not in ("gelu_new", "gelu_pytorch_tanh", "gelu_fast", "gelu"):
                raise ValueError("gpt2: unsupported activation_function %r" % (self.activation,))
        else:
            if self.head_dim % 2 != 0:
                raise ValueError("llama: head_dim must be even for RoPE")
            rope_type = rope_type_of(self.rope_scaling)
            if rope_type not in ("default", "linear", "llama3"):
                raise ValueError("llama: unsupported rope type %r (supported: default, linear, "
                                 "llama3)" % (rope_type,))

    GPT2_ONLY = ("activation", "scale_attn_weights", "scale_attn_by_inverse_layer_idx")
    LLAMA_ONLY = ("rope_theta", "rope_scaling", "attention_bias", "mlp_bias")

    def to_dict(self) -> Dict[str, Any]:
        skip = self.LLAMA_ONLY if self.family == "gpt2" else self.GPT2_ONLY
        return {f: getattr(self, f) for f in self.FIELDS if f not in skip}

    def __repr__(self) -> str:
        return "ModelConfig(%s)" % ", ".join("%s=%r" % kv for kv in self.to_dict().items())


def rope_type_of(rope_scaling: Optional[Dict[str, Any]]) -> str:
    if not rope_scaling:
        return "default"
    return str(rope_scaling.get("rope_type", rope_scaling.get("type", "default")))


PRESETS: Dict[str, Dict[str, Any]] = {
    "gpt2": dict(family="gpt2", vocab_size=50257, hidden_size=768, num_layers=12, num_heads=12,
                 max_position_embeddings=1024, norm_eps=1e-5, tie_word_embeddings=True),
    "gpt2-medium": dict(family="gpt2", vocab_size=50257, hidden_size=1024, num_layers=24,
                        num_heads=16, max_position_embeddings=1024, norm_eps=1e-5,
                        tie_word_embeddings=True),
    # The shape of meta-llama/Llama-3.2-1B (its config.json), llama3 RoPE scaling included.
    "llama-1b": dict(family="llama", vocab_size=128256, hidden_size=2048, num_layers=16,
                     num_heads=32, num_kv_heads=8, head_dim=64, intermediate_size=8192,
                     max_position_embeddings=131072, norm_eps=1e-5, rope_theta=500000.0,
                     rope_scaling={"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0,
                                   "high_freq_factor": 4.0,
                                   "original_max_position_embeddings": 8192},
                     tie_word_embeddings=True),
    "tiny-gpt2": dict(family="gpt2", vocab_size=512, hidden_size=64, num_layers=2, num_heads=4,
                      max_position_embeddings=256, norm_eps=1e-5, tie_word_embeddings=True),
    "tiny-llama": dict(family="llama", vocab_size=512, hidden_size=64, num_layers=2, num_heads=4,
                       num_kv_heads=2, intermediate_size=128, max_position_embeddings=256,
                       norm_eps=1e-6, rope_theta=10000.0, tie_word_embeddings=False),
}


def config_from_preset(name: str) -> ModelConfig:
    if name not in PRESETS:
        raise ValueError("unknown preset %r (known: %s)" % (name, ", ".join(PRESETS)))
    return ModelConfig(**dict(PRESETS[name]))


def config_from_hf(hf: Dict[str, Any], family: Optional[str] = None) -> ModelConfig:
    """Maps a Hugging Face config.json (transformers 4.x or 5.x) onto a ModelConfig."""
    model_type = hf.get("model_type")
    if family is None:
        if model_type == "gpt2":
            family = "gpt2"
        elif model_type == "llama":
            family = "llama"
        else:
            raise ValueError("cannot infer the family from model_type %r; pass --family"
                             % (model_type,))
    if family == "gpt2":
        return ModelConfig(
            family="gpt2",
            vocab_size=hf["vocab_size"],
            hidden_size=hf.get("n_embd", hf.get("hidden_size")),
            num_layers=hf.get("n_layer", hf.get("num_hidden_layers")),
            num_heads=hf.get("n_head", hf.get("num_attention_heads")),
            intermediate_size=hf.get("n_inner") or None,
            max_position_embeddings=hf.get("n_positions", hf.get("max_position_embeddings", 1024)),
            norm_eps=hf.get("layer_norm_epsilon", 1e-5),
            tie_word_embeddings=hf.get("tie_word_embeddings", True),
            activation=hf.get("activation_function", "gelu_new"),
            scale_attn_weights=hf.get("scale_attn_weights", True),
            scale_attn_by_inverse_layer_idx=hf.get("scale_attn_by_inverse_layer_idx", False),
        )
    # llama. transformers 5 writes "rope_parameters" (rope_theta inside); 4.x writes
    # "rope_theta" and "rope_scaling" at the top level.
    rope = hf.get("rope_parameters") or hf.get("rope_scaling") or None
    if rope is not None and not isinstance(rope, dict):
        raise ValueError("unsupported rope parameters %r" % (rope,))
    rope_theta = hf.get("rope_theta")
    if rope and rope.get("rope_theta") is not None:
        rope_theta = rope["rope_theta"]
    if rope_theta is None:
        rope_theta = 10000.0
    if rope is not None:
        rope = {k: v for k, v in rope.items() if k != "rope_theta"}
        if rope_type_of(rope) == "default":
            rope = None
    if hf.get("hidden_act", "silu") != "silu":
        raise ValueError("llama: unsupported hidden_act %r" % (hf.get("hidden_act"),))
    return ModelConfig(
        family="llama",
        vocab_size=hf["vocab_size"],
        hidden_size=hf["hidden_size"],
        num_layers=hf["num_hidden_layers"],
        num_heads=hf["num_attention_heads"],
        num_kv_heads=hf.get("num_key_value_heads") or hf["num_attention_heads"],
        head_dim=hf.get("head_dim") or None,
        intermediate_size=hf["intermediate_size"],
        max_position_embeddings=hf.get("max_position_embeddings", 2048),
        norm_eps=hf.get("rms_norm_eps", 1e-6),
        tie_word_embeddings=hf.get("tie_word_embeddings", False),
        rope_theta=rope_theta,
        rope_scaling=rope,
        attention_bias=hf.get("attention_bias", False),
        mlp_bias=hf.get("mlp_bias", False),
    )


def rope_inv_freq(cfg: ModelConfig) -> Tensor:
    """inv_freq as Hugging Face computes it (float32), with linear or llama3 scaling."""
    dim = cfg.head_dim
    inv_freq = 1.0 / (cfg.rope_theta ** (torch.arange(0, dim, 2, dtype=torch.int64).float() / dim))
    rope_type = rope_type_of(cfg.rope_scaling)
    if rope_type == "linear":
        inv_freq = inv_freq / float(cfg.rope_scaling["factor"])
    elif rope_type == "llama3":
        s = cfg.rope_scaling
        factor = float(s["factor"])
        low_freq_factor = float(s["low_freq_factor"])
        high_freq_factor = float(s["high_freq_factor"])
        old_context_len = float(s["original_max_position_embeddings"])
        low_freq_wavelen = old_context_len / low_freq_factor
        high_freq_wavelen = old_context_len / high_freq_factor
        wavelen = 2 * math.pi / inv_freq
        inv_freq_llama = torch.where(wavelen > low_freq_wavelen, inv_freq / factor, inv_freq)
        smooth_factor = (old_context_len / wavelen - low_freq_factor) / (
            high_freq_factor - low_freq_factor)
        smoothed = (1 - smooth_factor) * inv_freq_llama / factor + smooth_factor * inv_freq_llama
        is_medium = ~(wavelen < high_freq_wavelen) * ~(wavelen > low_freq_wavelen)
        inv_freq = torch.where(is_medium, smoothed, inv_freq_llama)
    return inv_freq.float()


# --------------------------------------------------------------------------------------------
# The scripted decoder
#
# Attribute names follow Hugging Face's (after the "transformer." / "model." prefix), so a
# checkpoint's state dict loads with one transposition (GPT-2's Conv1D) and nothing else.
# --------------------------------------------------------------------------------------------

def _check_inputs(input_ids: Tensor, positions: Tensor, last_index: Tensor, k_cache: Tensor,
                  v_cache: Tensor, num_layers: int, num_kv_heads: int, head_dim: int,
                  max_seq_len: int, vocab_size: int, check_values: bool,
                  static_span: bool) -> int:
    """Checks shapes (free) and, when check_values, value ranges (one device->host copy).

    Returns the attention span: max(positions) + 1, or the whole cache (S_cache) when
    static_span. A static span reads nothing back to the host, so a decode step can be
    captured as a CUDA graph; positions past each row's own are masked either way.
    """
    if input_ids.dim() != 2:
        raise RuntimeError("jharness contract: input_ids must be [B, T]")
    b = input_ids.size(0)
    t = input_ids.size(1)
    if b == 0 or t == 0:
        raise RuntimeError("jharness contract: input_ids must not be empty")
    if positions.dim() != 2 or positions.size(0) != b or positions.size(1) != t:
        raise RuntimeError("jharness contract: positions must have the shape of input_ids [B, T]")
    if last_index.dim() != 1 or last_index.size(0) != b:
        raise RuntimeError("jharness contract: last_index must be [B]")
    if k_cache.dim() != 5 or k_cache.size() != v_cache.size():
        raise RuntimeError("jharness contract: k_cache and v_cache must both be "
                           "[num_layers, B_cache, num_kv_heads, S_cache, head_dim]")
    if (k_cache.size(0) != num_layers or k_cache.size(2) != num_kv_heads
            or k_cache.size(4) != head_dim):
        raise RuntimeError("jharness contract: cache shape must be [{}, B_cache, {}, S_cache, {}]"
                           .format(num_layers, num_kv_heads, head_dim))
    if not k_cache.is_contiguous() or not v_cache.is_contiguous():
        raise RuntimeError("jharness contract: k_cache and v_cache must be contiguous tensors")
    if k_cache.size(1) < b:
        raise RuntimeError("jharness contract: batch {} is larger than the cache's {} rows"
                           .format(b, k_cache.size(1)))
    s_cache = k_cache.size(3)
    if s_cache > max_seq_len:
        raise RuntimeError("jharness contract: cache length {} exceeds max_seq_len {}"
                           .format(s_cache, max_seq_len))
    if check_values:
        stats = torch.stack([positions.min(), positions.max(), last_index.min(),
                             last_index.max(), input_ids.min(), input_ids.max()]).cpu()
        if int(stats[0]) < 0 or int(stats[1]) >= s_cache:
            raise RuntimeError("jharness contract: positions must be in [0, {}), got [{}, {}]"
                               .format(s_cache, int(stats[0]), int(stats[1])))
        if int(stats[2]) < 0 or int(stats[3]) >= t:
            raise RuntimeError("jharness contract: last_index must be in [0, {}), got [{}, {}]"
                               .format(t, int(stats[2]), int(stats[3])))
        if int(stats[4]) < 0 or int(stats[5]) >= vocab_size:
            raise RuntimeError("jharness contract: token ids must be in [0, {}), got [{}, {}]"
                               .format(vocab_size, int(stats[4]), int(stats[5])))
        return s_cache if static_span else int(stats[1]) + 1
    if static_span:
        return s_cache
    return int(positions.max()) + 1


def _mask_bias(positions: Tensor, span: int, num_kv_heads: int, n_rep: int,
               dtype: torch.dtype) -> Tensor:
    """[B, Hkv, n_rep * T, span] in `dtype`: 0 where cache position j <= positions[b, t], -inf
    elsewhere; row r * T + t of kv head h is query head h * n_rep + r at step position t.

    Built once per forward in the layout every layer's attention reads, so no layer spends a
    kernel on converting or expanding it (a decode step is a few hundred small kernels).
    """
    b = positions.size(0)
    t = positions.size(1)
    j = torch.arange(span, dtype=torch.long, device=positions.device)
    masked = j.view(1, 1, span) > positions.unsqueeze(2)
    bias = torch.zeros(masked.size(), dtype=dtype, device=positions.device)
    bias = bias.masked_fill(masked, float("-inf"))
    return bias.view(b, 1, 1, t, span).expand(b, num_kv_heads, n_rep, t, span) \
        .reshape(b, num_kv_heads, n_rep * t, span)


def _zero_caches(num_layers: int, batch: int, num_kv_heads: int, seq: int, head_dim: int,
                 like: Tensor) -> Tuple[Tensor, Tensor]:
    """The contract's `new_cache(batch, seq)`: zeroed k_cache and v_cache in the contract's layout,
    in the weights' dtype and on their device. Made inside the model so that a caller running the
    model's methods in inference mode (DJL does) gets inference tensors: the cache writes and
    views of every step then skip autograd's version counting, as in a Python loop under
    torch.inference_mode()."""
    if batch < 1 or seq < 1:
        raise RuntimeError("jharness contract: new_cache(batch, seq) needs batch >= 1 and seq >= 1, got "
                           + str(batch) + " and " + str(seq))
    shape = [num_layers, batch, num_kv_heads, seq, head_dim]
    return (torch.zeros(shape, dtype=like.dtype, device=like.device),
            torch.zeros(shape, dtype=like.dtype, device=like.device))


class CachedAttention(nn.Module):
    """Writes k, v into the cache at `slots` (_cache_slots), then attends over
    cache[:, :, :span]; the subclass's `attend` is the attention kernel."""

    def __init__(self, scale: float) -> None:
        super().__init__()
        self.scale = scale

    def forward(self, q: Tensor, k: Tensor, v: Tensor, slots: Tensor, bias: Tensor,
                k_cache: Tensor, v_cache: Tensor, span: int) -> Tensor:
        """q [B, T, Hq, D]; k, v [B, T, Hkv, D]; k_cache, v_cache [B, Hkv, S, D], views of the
        caller's tensors (written in place); bias from _mask_bias. Returns [B, T, Hq * D]."""
        _write_cache(k, v, slots, k_cache, v_cache)
        out = self.attend(_grouped_queries(q, k.size(2)), k_cache.narrow(2, 0, span),
                          v_cache.narrow(2, 0, span), bias)
        return _ungrouped(out, q.size(1))

    def attend(self, q: Tensor, keys: Tensor, values: Tensor, bias: Tensor) -> Tensor:
        raise NotImplementedError()


class BmmAttention(CachedAttention):
    """softmax(q k^T * scale + bias) v with batched matmuls: the scale and the mask ride in
    baddbmm, the softmax runs in the input's dtype (accumulating in float32 on the GPU)."""

    def attend(self, q: Tensor, keys: Tensor, values: Tensor, bias: Tensor) -> Tensor:
        """q [B, H, L, D]; keys, values [B, H, S, D]; bias [B, H, L, S] -> [B, H, L, D]."""
        b = q.size(0)
        h = q.size(1)
        n = q.size(2)
        d = q.size(3)
        s = keys.size(2)
        scores = torch.baddbmm(bias.reshape(b * h, n, s), q.reshape(b * h, n, d),
                               keys.reshape(b * h, s, d).transpose(1, 2), beta=1.0,
                               alpha=self.scale)
        probs = torch.softmax(scores, dim=-1)
        return torch.bmm(probs, values.reshape(b * h, s, d)).view(b, h, n, d)


class SdpaAttention(CachedAttention):
    """torch's fused scaled_dot_product_attention (torch 2.1 or newer): one kernel a layer on
    the GPU where the mask allows a fused backend."""

    def attend(self, q: Tensor, keys: Tensor, values: Tensor, bias: Tensor) -> Tensor:
        return F.scaled_dot_product_attention(q, keys, values, attn_mask=bias, dropout_p=0.0,
                                              is_causal=False, scale=self.scale)


ATTENTION_KERNELS = ("sdpa", "bmm")


def default_attention() -> str:
    """sdpa where this torch has it (2.1+, for its scale argument), else bmm."""
    major_minor = tuple(int(x) for x in re.findall(r"\d+", torch.__version__)[:2])
    return "sdpa" if major_minor >= (2, 1) else "bmm"


def attention_core(kind: str, scale: float) -> nn.Module:
    """Only the chosen class is scripted, so bmm exports on a torch without sdpa."""
    return SdpaAttention(scale) if kind == "sdpa" else BmmAttention(scale)


def _cache_slots(positions: Tensor, num_kv_heads: int, seq: int) -> Tensor:
    """[B, T, Hkv]: where each new k/v vector goes in a layer's cache viewed as [B * Hkv * S, D]
    (row b, head h, position positions[b, t]). Built once per forward for every layer."""
    b = positions.size(0)
    rows = torch.arange(b * num_kv_heads, dtype=torch.long, device=positions.device)
    return rows.view(b, 1, num_kv_heads) * seq + positions.unsqueeze(2)


def _write_cache(k: Tensor, v: Tensor, slots: Tensor, k_cache: Tensor, v_cache: Tensor) -> None:
    """Writes k, v [B, T, Hkv, D] into k_cache, v_cache [B, Hkv, S, D] (contiguous) at `slots`.

    One index_put_ per tensor, reading k and v where the projection left them: on an H100 it
    took 3.1 us a call in a replayed decode step, where a scatter_ along the sequence axis took
    3.8 us.
    """
    d = k.size(3)
    k_cache.view(-1, d)[slots] = k
    v_cache.view(-1, d)[slots] = v


def _grouped_queries(q: Tensor, hkv: int) -> Tensor:
    """q [B, T, Hq, D] -> [B, Hkv, n_rep * T, D]: grouped-query attention without copying K/V,
    query head h uses kv head h // n_rep (the rows _mask_bias lays out)."""
    b = q.size(0)
    t = q.size(1)
    d = q.size(3)
    n_rep = q.size(2) // hkv
    return q.view(b, t, hkv, n_rep, d).permute(0, 2, 3, 1, 4).reshape(b, hkv, n_rep * t, d)


def _ungrouped(out: Tensor, t: int) -> Tensor:
    """[B, Hkv, n_rep * T, D] -> [B, T, Hq * D]."""
    b = out.size(0)
    hkv = out.size(1)
    d = out.size(3)
    n_rep = out.size(2) // t
    return out.view(b, hkv, n_rep, t, d).permute(0, 3, 1, 2, 4).reshape(b, t, hkv * n_rep * d)


def _select_last(x: Tensor, last_index: Tensor) -> Tensor:
    """x [B, T, C] -> [B, C], row b taken at t = last_index[b]."""
    b = x.size(0)
    c = x.size(2)
    return x.gather(1, last_index.view(b, 1, 1).expand(b, 1, c)).squeeze(1)


class GPT2Attention(nn.Module):
    def __init__(self, cfg: ModelConfig, layer_idx: int, attention: str) -> None:
        super().__init__()
        self.layer_idx = layer_idx
        self.num_heads = cfg.num_heads
        self.head_dim = cfg.head_dim
        self.hidden_size = cfg.hidden_size
        div = 1.0
        if cfg.scale_attn_weights:
            div = float(cfg.head_dim) ** 0.5
        if cfg.scale_attn_by_inverse_layer_idx:
            div = div * float(layer_idx + 1)
        self.core = attention_core(attention, 1.0 / div)
        self.c_attn = nn.Linear(cfg.hidden_size, 3 * cfg.hidden_size)
        self.c_proj = nn.Linear(cfg.hidden_size, cfg.hidden_size)

    def forward(self, x: Tensor, slots: Tensor, bias: Tensor, k_cache: Tensor,
                v_cache: Tensor, span: int) -> Tensor:
        b = x.size(0)
        t = x.size(1)
        qkv = self.c_attn(x).split(self.hidden_size, dim=2)
        q = qkv[0].view(b, t, self.num_heads, self.head_dim)
        k = qkv[1].view(b, t, self.num_heads, self.head_dim)
        v = qkv[2].view(b, t, self.num_heads, self.head_dim)
        out = self.core(q, k, v, slots, bias, k_cache[self.layer_idx],
                        v_cache[self.layer_idx], span)
        return self.c_proj(out)


class GPT2MLP(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.approximate = "none" if cfg.activation == "gelu" else "tanh"
        self.c_fc = nn.Linear(cfg.hidden_size, cfg.intermediate_size)
        self.c_proj = nn.Linear(cfg.intermediate_size, cfg.hidden_size)

    def forward(self, x: Tensor) -> Tensor:
        return self.c_proj(F.gelu(self.c_fc(x), approximate=self.approximate))


class GPT2Block(nn.Module):
    def __init__(self, cfg: ModelConfig, layer_idx: int, attention: str) -> None:
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.hidden_size, eps=cfg.norm_eps)
        self.attn = GPT2Attention(cfg, layer_idx, attention)
        self.ln_2 = nn.LayerNorm(cfg.hidden_size, eps=cfg.norm_eps)
        self.mlp = GPT2MLP(cfg)

    def forward(self, x: Tensor, slots: Tensor, bias: Tensor, k_cache: Tensor,
                v_cache: Tensor, span: int) -> Tensor:
        x = x + self.attn(self.ln_1(x), slots, bias, k_cache, v_cache, span)
        return x + self.mlp(self.ln_2(x))


class GPT2Decoder(nn.Module):
    meta: Dict[str, str]

    def __init__(self, cfg: ModelConfig, max_seq_len: int, attention: str) -> None:
        super().__init__()
        self.num_layers = cfg.num_layers
        self.num_kv_heads = cfg.num_kv_heads
        self.n_rep = cfg.num_heads // cfg.num_kv_heads
        self.head_dim = cfg.head_dim
        self.vocab_size = cfg.vocab_size
        self.max_seq_len = max_seq_len
        self.check_values = True
        self.static_span = False
        self.meta = {"contract_version": str(CONTRACT_VERSION)}
        self.meta_json = "{}"
        self.wte = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.wpe = nn.Embedding(cfg.max_position_embeddings, cfg.hidden_size)
        self.h = nn.ModuleList([GPT2Block(cfg, i, attention) for i in range(cfg.num_layers)])
        self.ln_f = nn.LayerNorm(cfg.hidden_size, eps=cfg.norm_eps)
        self.lm_head = nn.Linear(cfg.hidden_size, cfg.vocab_size, bias=False)
        if cfg.tie_word_embeddings:
            self.lm_head.weight = self.wte.weight

    def forward(self, input_ids: Tensor, positions: Tensor, last_index: Tensor, k_cache: Tensor,
                v_cache: Tensor) -> Tensor:
        input_ids = input_ids.to(torch.long)
        positions = positions.to(torch.long)
        last_index = last_index.to(torch.long)
        span = _check_inputs(input_ids, positions, last_index, k_cache, v_cache, self.num_layers,
                             self.num_kv_heads, self.head_dim, self.max_seq_len,
                             self.vocab_size, self.check_values, self.static_span)
        b = input_ids.size(0)
        kc = k_cache.narrow(1, 0, b)
        vc = v_cache.narrow(1, 0, b)
        x = self.wte(input_ids) + self.wpe(positions)
        bias = _mask_bias(positions, span, self.num_kv_heads, self.n_rep, x.dtype)
        slots = _cache_slots(positions, self.num_kv_heads, kc.size(3))
        for block in self.h:
            x = block(x, slots, bias, kc, vc, span)
        x = self.ln_f(_select_last(x, last_index))
        return self.lm_head(x).float()

    @torch.jit.export
    def metadata(self) -> Dict[str, str]:
        return self.meta

    @torch.jit.export
    def metadata_json(self) -> str:
        return self.meta_json

    @torch.jit.export
    def new_cache(self, batch: int, seq: int) -> Tuple[Tensor, Tensor]:
        return _zero_caches(self.num_layers, batch, self.num_kv_heads, seq, self.head_dim, self.lm_head.weight)


class LlamaRMSNorm(nn.Module):
    def __init__(self, hidden_size: int, eps: float) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden_size))
        self.eps = eps

    def forward(self, x: Tensor) -> Tensor:
        dtype = x.dtype
        h = x.to(torch.float32)
        h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * h.to(dtype)


def _rotate_half(x: Tensor) -> Tensor:
    half = x.size(-1) // 2
    return torch.cat((-x.narrow(-1, half, half), x.narrow(-1, 0, half)), dim=-1)


class LlamaAttention(nn.Module):
    def __init__(self, cfg: ModelConfig, layer_idx: int, attention: str) -> None:
        super().__init__()
        self.layer_idx = layer_idx
        self.num_heads = cfg.num_heads
        self.num_kv_heads = cfg.num_kv_heads
        self.head_dim = cfg.head_dim
        self.core = attention_core(attention, float(cfg.head_dim) ** -0.5)
        hd = cfg.head_dim
        self.q_proj = nn.Linear(cfg.hidden_size, cfg.num_heads * hd, bias=cfg.attention_bias)
        self.k_proj = nn.Linear(cfg.hidden_size, cfg.num_kv_heads * hd, bias=cfg.attention_bias)
        self.v_proj = nn.Linear(cfg.hidden_size, cfg.num_kv_heads * hd, bias=cfg.attention_bias)
        self.o_proj = nn.Linear(cfg.num_heads * hd, cfg.hidden_size, bias=cfg.attention_bias)

    def forward(self, x: Tensor, slots: Tensor, bias: Tensor, cos: Tensor, sin: Tensor,
                k_cache: Tensor, v_cache: Tensor, span: int) -> Tensor:
        b = x.size(0)
        t = x.size(1)
        q = self.q_proj(x).view(b, t, self.num_heads, self.head_dim)
        k = self.k_proj(x).view(b, t, self.num_kv_heads, self.head_dim)
        v = self.v_proj(x).view(b, t, self.num_kv_heads, self.head_dim)
        q = q * cos + _rotate_half(q) * sin
        k = k * cos + _rotate_half(k) * sin
        out = self.core(q, k, v, slots, bias, k_cache[self.layer_idx],
                        v_cache[self.layer_idx], span)
        return self.o_proj(out)


class LlamaMLP(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.gate_proj = nn.Linear(cfg.hidden_size, cfg.intermediate_size, bias=cfg.mlp_bias)
        self.up_proj = nn.Linear(cfg.hidden_size, cfg.intermediate_size, bias=cfg.mlp_bias)
        self.down_proj = nn.Linear(cfg.intermediate_size, cfg.hidden_size, bias=cfg.mlp_bias)

    def forward(self, x: Tensor) -> Tensor:
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class LlamaBlock(nn.Module):
    def __init__(self, cfg: ModelConfig, layer_idx: int, attention: str) -> None:
        super().__init__()
        self.input_layernorm = LlamaRMSNorm(cfg.hidden_size, cfg.norm_eps)
        self.self_attn = LlamaAttention(cfg, layer_idx, attention)
        self.post_attention_layernorm = LlamaRMSNorm(cfg.hidden_size, cfg.norm_eps)
        self.mlp = LlamaMLP(cfg)

    def forward(self, x: Tensor, slots: Tensor, bias: Tensor, cos: Tensor, sin: Tensor,
                k_cache: Tensor, v_cache: Tensor, span: int) -> Tensor:
        x = x + self.self_attn(self.input_layernorm(x), slots, bias, cos, sin, k_cache,
                               v_cache, span)
        return x + self.mlp(self.post_attention_layernorm(x))


class LlamaDecoder(nn.Module):
    meta: Dict[str, str]

    def __init__(self, cfg: ModelConfig, max_seq_len: int, attention: str) -> None:
        super().__init__()
        self.num_layers = cfg.num_layers
        self.num_kv_heads = cfg.num_kv_heads
        self.n_rep = cfg.num_heads // cfg.num_kv_heads
        self.head_dim = cfg.head_dim
        self.vocab_size = cfg.vocab_size
        self.max_seq_len = max_seq_len
        self.check_values = True
        self.static_span = False
        self.meta = {"contract_version": str(CONTRACT_VERSION)}
        self.meta_json = "{}"
        self.embed_tokens = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.layers = nn.ModuleList([LlamaBlock(cfg, i, attention)
                                     for i in range(cfg.num_layers)])
        self.norm = LlamaRMSNorm(cfg.hidden_size, cfg.norm_eps)
        self.lm_head = nn.Linear(cfg.hidden_size, cfg.vocab_size, bias=False)
        if cfg.tie_word_embeddings:
            self.lm_head.weight = self.embed_tokens.weight
        # float32 whatever the model's dtype (cast_parameters leaves buffers alone).
        self.register_buffer("inv_freq", rope_inv_freq(cfg))

    def forward(self, input_ids: Tensor, positions: Tensor, last_index: Tensor, k_cache: Tensor,
                v_cache: Tensor) -> Tensor:
        input_ids = input_ids.to(torch.long)
        positions = positions.to(torch.long)
        last_index = last_index.to(torch.long)
        span = _check_inputs(input_ids, positions, last_index, k_cache, v_cache, self.num_layers,
                             self.num_kv_heads, self.head_dim, self.max_seq_len,
                             self.vocab_size, self.check_values, self.static_span)
        b = input_ids.size(0)
        kc = k_cache.narrow(1, 0, b)
        vc = v_cache.narrow(1, 0, b)
        x = self.embed_tokens(input_ids)
        bias = _mask_bias(positions, span, self.num_kv_heads, self.n_rep, x.dtype)
        # RoPE tables in float32 (as Hugging Face), then in the model's dtype: [B, T, 1, D].
        freqs = positions.to(torch.float32).unsqueeze(2) * self.inv_freq.view(1, 1, -1)
        emb = torch.cat((freqs, freqs), dim=-1)
        cos = emb.cos().to(x.dtype).unsqueeze(2)
        sin = emb.sin().to(x.dtype).unsqueeze(2)
        slots = _cache_slots(positions, self.num_kv_heads, kc.size(3))
        for layer in self.layers:
            x = layer(x, slots, bias, cos, sin, kc, vc, span)
        x = self.norm(_select_last(x, last_index))
        return self.lm_head(x).float()

    @torch.jit.export
    def metadata(self) -> Dict[str, str]:
        return self.meta

    @torch.jit.export
    def metadata_json(self) -> str:
        return self.meta_json

    @torch.jit.export
    def new_cache(self, batch: int, seq: int) -> Tuple[Tensor, Tensor]:
        return _zero_caches(self.num_layers, batch, self.num_kv_heads, seq, self.head_dim, self.lm_head.weight)


# --------------------------------------------------------------------------------------------
# Building, initialising, loading
# --------------------------------------------------------------------------------------------

def default_max_seq_len(cfg: ModelConfig) -> int:
    return min(1024, cfg.max_position_embeddings) if cfg.family == "llama" \
        else cfg.max_position_embeddings


def build_module(cfg: ModelConfig, max_seq_len: Optional[int] = None,
                 attention: Optional[str] = None) -> nn.Module:
    """An eager float32 decoder on the CPU with default (untouched) parameters; `attention`
    is the attention kernel (ATTENTION_KERNELS; default: default_attention())."""
    if attention is None:
        attention = default_attention()
    if attention not in ATTENTION_KERNELS:
        raise ValueError("attention %r: use one of %s" % (attention, ", ".join(ATTENTION_KERNELS)))
    if attention == "sdpa" and default_attention() != "sdpa":
        raise ValueError("--attention sdpa needs torch 2.1 or newer (this is %s); use bmm"
                         % torch.__version__)
    if max_seq_len is None:
        max_seq_len = default_max_seq_len(cfg)
    if max_seq_len < 1:
        raise ValueError("max_seq_len must be positive")
    if cfg.family == "gpt2" and max_seq_len > cfg.max_position_embeddings:
        raise ValueError("max_seq_len %d exceeds gpt2's n_positions %d"
                         % (max_seq_len, cfg.max_position_embeddings))
    if cfg.family == "gpt2":
        return GPT2Decoder(cfg, max_seq_len, attention)
    return LlamaDecoder(cfg, max_seq_len, attention)


def param_count(module: nn.Module) -> int:
    """Distinct parameters (a tied lm_head counts once); buffers (inv_freq) do not count."""
    return sum(p.numel() for p in module.parameters())


def init_random(module: nn.Module, cfg: ModelConfig, seed: int, std: float = 0.02) -> None:
    """Seeded init in Hugging Face's style: N(0, std) for Linear and Embedding weights, zero
    biases, unit norm weights; GPT-2's residual projections get std / sqrt(2 * n_layer).
    Drawn on the CPU in float32, so the weights do not depend on --device or --dtype."""
    gen = torch.Generator()
    gen.manual_seed(seed)
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name.endswith("layernorm.weight") or name.endswith("norm.weight") \
                    or name.endswith("ln_1.weight") or name.endswith("ln_2.weight") \
                    or name.endswith("ln_f.weight"):
                p.fill_(1.0)
            elif name.endswith(".bias"):
                p.zero_()
            else:
                s = std
                if cfg.family == "gpt2" and name.endswith("c_proj.weight"):
                    s = std / math.sqrt(2 * cfg.num_layers)
                p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float32) * s)


def cast_parameters(module: nn.Module, dtype: torch.dtype) -> None:
    """Casts parameters only (tied ones stay tied; the RoPE inv_freq buffer stays float32)."""
    for p in module.parameters():
        p.data = p.data.to(dtype)


# ---- Hugging Face checkpoints -------------------------------------------------------------

_SAFETENSORS_DTYPES = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
    "U8": torch.uint8, "BOOL": torch.bool,
}


def read_safetensors(path: str) -> Dict[str, Tensor]:
    """Reads a .safetensors file (with the safetensors package when installed)."""
    try:
        from safetensors.torch import load_file  # type: ignore
        return load_file(path, device="cpu")
    except ImportError:
        pass
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    base = 8 + n
    out: Dict[str, Tensor] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _SAFETENSORS_DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError("%s: unsupported safetensors dtype %s" % (path, info["dtype"]))
        start, end = info["data_offsets"]
        shape = info["shape"]
        if end == start:
            out[name] = torch.zeros(shape, dtype=dtype)
            continue
        buf = bytearray(data[base + start:base + end])
        if sys.byteorder != "little":
            raise ValueError("big-endian hosts are not supported by the built-in reader")
        out[name] = torch.frombuffer(buf, dtype=dtype).reshape(shape)
    return out


def load_hf_state_dict(checkpoint_dir: str) -> Dict[str, Tensor]:
    """model.safetensors, sharded safetensors (model.safetensors.index.json) or
    pytorch_model.bin from a local directory."""
    def p(name: str) -> str:
        return os.path.join(checkpoint_dir, name)

    if os.path.exists(p("model.safetensors")):
        return read_safetensors(p("model.safetensors"))
    if os.path.exists(p("model.safetensors.index.json")):
        with open(p("model.safetensors.index.json")) as f:
            index = json.load(f)
        sd: Dict[str, Tensor] = {}
        for shard in sorted(set(index["weight_map"].values())):
            sd.update(read_safetensors(p(shard)))
        return sd
    if os.path.exists(p("pytorch_model.bin")):
        return torch.load(p("pytorch_model.bin"), map_location="cpu")
    raise FileNotFoundError("%s has no model.safetensors, model.safetensors.index.json or "
                            "pytorch_model.bin" % checkpoint_dir)


_GPT2_CONV1D = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight",
                "mlp.c_proj.weight")


def hf_to_module_state_dict(cfg: ModelConfig, hf_sd: Dict[str, Tensor]) -> Dict[str, Tensor]:
    """Renames a Hugging Face state dict to this module's names (and transposes GPT-2 Conv1D)."""
    prefix = "transformer." if cfg.family == "gpt2" else "model."
    out: Dict[str, Tensor] = {}
    for name, t in hf_sd.items():
        if name.startswith(prefix):
            name = name[len(prefix):]
        if cfg.family == "gpt2":
            if name.endswith(".attn.bias") or name.endswith(".attn.masked_bias"):
                continue  # causal-mask buffers of old checkpoints
            if name.endswith(_GPT2_CONV1D):
                t = t.t()  # Conv1D stores [in, out]; nn.Linear wants [out, in]
        else:
            if name.endswith("rotary_emb.inv_freq"):
                continue  # recomputed from the config
        out[name] = t.contiguous()
    embed = "wte.weight" if cfg.family == "gpt2" else "embed_tokens.weight"
    if cfg.tie_word_embeddings:
        out["lm_head.weight"] = out[embed]
    elif "lm_head.weight" not in out:
        raise ValueError("the checkpoint has no lm_head.weight and tie_word_embeddings is false")
    return out


def load_hf_weights(module: nn.Module, cfg: ModelConfig, hf_sd: Dict[str, Tensor]) -> None:
    sd = hf_to_module_state_dict(cfg, hf_sd)
    own = dict(module.state_dict())
    own.pop("inv_freq", None)
    missing = sorted(set(own) - set(sd))
    unexpected = sorted(set(sd) - set(own))
    if missing or unexpected:
        raise ValueError("checkpoint does not match the %s config: missing %s, unexpected %s"
                         % (cfg.family, missing[:8], unexpected[:8]))
    with torch.no_grad():
        for name, t in own.items():
            src = sd[name]
            if tuple(src.shape) != tuple(t.shape):
                raise ValueError("%s: checkpoint shape %s, expected %s"
                                 % (name, tuple(src.shape), tuple(t.shape)))
            t.copy_(src.to(t.dtype))


# --------------------------------------------------------------------------------------------
# Metadata, scripting, reference outputs
# --------------------------------------------------------------------------------------------

def make_metadata(cfg: ModelConfig, module: nn.Module, dtype: torch.dtype,
                  max_seq_len: int, check_values: bool,
                  static_span: bool = False, attention: str = "bmm") -> Dict[str, Any]:
    return {
        "contract_version": CONTRACT_VERSION,
        "family": cfg.family,
        "dtype": DTYPE_NAMES[dtype],
        "vocab_size": cfg.vocab_size,
        "num_layers": cfg.num_layers,
        "num_heads": cfg.num_heads,
        "num_kv_heads": cfg.num_kv_heads,
        "head_dim": cfg.head_dim,
        "hidden_size": cfg.hidden_size,
        "max_seq_len": max_seq_len,
        "param_count": param_count(module),
        "tie_word_embeddings": cfg.tie_word_embeddings,
        "input_checks": check_values,
        "static_span": static_span,
        "attention": attention,
        "cache_layout": "num_layers,batch,num_kv_heads,seq,head_dim",
    }


def _meta_str(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def script_module(module: nn.Module, meta: Dict[str, Any]) -> torch.jit.ScriptModule:
    module.meta = {k: _meta_str(v) for k, v in meta.items()}
    module.meta_json = json.dumps(meta, sort_keys=True)
    module.check_values = bool(meta["input_checks"])
    module.static_span = bool(meta.get("static_span", False))
    module.eval()
    return torch.jit.script(module)


def new_cache(meta: Dict[str, Any], batch: int, seq: Optional[int] = None,
              device: Any = "cpu") -> Tuple[Tensor, Tensor]:
    """Zeroed k_cache, v_cache for `batch` rows of `seq` (default max_seq_len) positions."""
    dtype = {v: k for k, v in DTYPE_NAMES.items()}[meta["dtype"]]
    shape = (int(meta["num_layers"]), batch, int(meta["num_kv_heads"]),
             int(meta["max_seq_len"]) if seq is None else seq, int(meta["head_dim"]))
    return (torch.zeros(shape, dtype=dtype, device=device),
            torch.zeros(shape, dtype=dtype, device=device))


def reference_inputs(vocab_size: int, max_seq_len: int, seed: int) -> Dict[str, List]:
    """Two right-padded prompts of different lengths, and a greedy prompt."""
    gen = torch.Generator()
    gen.manual_seed(seed + 1000)
    long_len = max(1, min(7, max_seq_len))
    short_len = max(1, min(4, long_len - 1)) if long_len > 1 else 1
    ids = torch.randint(1, vocab_size, (2, long_len), generator=gen)
    ids[1, short_len:] = 0  # pad id; pads get positions continuing past the prompt
    positions = torch.arange(long_len).unsqueeze(0).repeat(2, 1)
    greedy_len = max(1, min(GREEDY_PROMPT_LEN, max_seq_len - GREEDY_TOKENS + 1))
    greedy_prompt = torch.randint(1, vocab_size, (greedy_len,), generator=gen)
    return {
        "input_ids": ids.tolist(),
        "positions": positions.tolist(),
        "last_index": [long_len - 1, short_len - 1],
        "prompt_lengths": [long_len, short_len],
        "greedy_prompt": greedy_prompt.tolist(),
    }


@torch.no_grad()
def greedy_generate(model: Any, meta: Dict[str, Any], prompt: List[int], steps: int,
                    device: Any) -> Tuple[List[int], List[float], List[float]]:
    """Batch 1: prefill, then decode one token at a time. Returns the tokens and, per token,
    the chosen (maximum) logit and its margin over the second best (how close the choice was)."""
    kc, vc = new_cache(meta, 1, device=device)
    n = len(prompt)
    ids = torch.tensor([prompt], dtype=torch.long, device=device)
    pos = torch.arange(n, dtype=torch.long, device=device).unsqueeze(0)
    last = torch.tensor([n - 1], dtype=torch.long, device=device)
    tokens: List[int] = []
    max_logits: List[float] = []
    margins: List[float] = []
    logits = model(ids, pos, last, kc, vc)
    for step in range(steps):
        top = torch.topk(logits[0], 2)
        tok = int(top.indices[0])
        tokens.append(tok)
        max_logits.append(float(top.values[0]))
        margins.append(float(top.values[0] - top.values[1]))
        if step == steps - 1:
            break
        ids = torch.tensor([[tok]], dtype=torch.long, device=device)
        pos = torch.tensor([[n + step]], dtype=torch.long, device=device)
        last = torch.zeros(1, dtype=torch.long, device=device)
        logits = model(ids, pos, last, kc, vc)
    return tokens, max_logits, margins


@torch.no_grad()
def compute_reference(model: Any, meta: Dict[str, Any], inputs: Dict[str, List],
                      device: Any) -> Dict[str, Any]:
    ids = torch.tensor(inputs["input_ids"], dtype=torch.long, device=device)
    pos = torch.tensor(inputs["positions"], dtype=torch.long, device=device)
    last = torch.tensor(inputs["last_index"], dtype=torch.long, device=device)
    kc, vc = new_cache(meta, 2, device=device)
    logits = model(ids, pos, last, kc, vc).cpu()
    ref: Dict[str, Any] = {
        "input_ids": inputs["input_ids"],
        "positions": inputs["positions"],
        "last_index": inputs["last_index"],
        "prompt_lengths": inputs["prompt_lengths"],
        "pad_id": 0,
        "argmax": logits.argmax(dim=1).tolist(),
        "max": logits.max(dim=1).values.tolist(),
    }
    if logits.size(1) <= FULL_LOGITS_MAX_VOCAB:
        ref["logits"] = logits.tolist()
    else:
        ref["logits_head"] = logits[:, :LOGITS_HEAD].tolist()
    tokens, max_logits, margins = greedy_generate(model, meta, inputs["greedy_prompt"],
                                                  GREEDY_TOKENS, device)
    ref["greedy"] = {"prompt": inputs["greedy_prompt"], "tokens": tokens,
                     "max_logits": max_logits, "margins": margins}
    return ref


def compare_reference(model: Any, meta: Dict[str, Any], ref: Dict[str, Any], device: Any,
                      tol: float) -> Tuple[bool, str]:
    """Recomputes `ref` with `model`; ok when logits agree within tol and greedy tokens match."""
    inputs = dict(ref)
    inputs["greedy_prompt"] = ref["greedy"]["prompt"]
    got = compute_reference(model, meta, inputs, device)
    key = "logits" if "logits" in ref else "logits_head"
    diff = (torch.tensor(got[key]) - torch.tensor(ref[key])).abs().max().item()
    for a, b in ((got["max"], ref["max"]),
                 (got["greedy"]["max_logits"], ref["greedy"]["max_logits"])):
        diff = max(diff, (torch.tensor(a) - torch.tensor(b)).abs().max().item())
    same_argmax = got["argmax"] == ref["argmax"]
    same_greedy = got["greedy"]["tokens"] == ref["greedy"]["tokens"]
    ok = diff <= tol and same_argmax and same_greedy
    report = ("max |logit diff| %.3g (tolerance %.3g), argmax %s, greedy tokens %s"
              % (diff, tol, "equal" if same_argmax else "DIFFER",
                 "equal" if same_greedy else "DIFFER %s vs %s" % (got["greedy"]["tokens"],
                                                                  ref["greedy"]["tokens"])))
    return ok, report


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------

def prepare_module(cfg: ModelConfig, dtype: torch.dtype = torch.float32,
                   max_seq_len: Optional[int] = None, seed: int = 0, init_std: float = 0.02,
                   checkpoint: Optional[str] = None,
                   hf_state_dict: Optional[Dict[str, Tensor]] = None,
                   attention: Optional[str] = None) -> nn.Module:
    """An eager decoder with weights (random, or from a checkpoint dir / HF state dict)."""
    module = build_module(cfg, max_seq_len, attention)
    if checkpoint is not None:
        hf_state_dict = load_hf_state_dict(checkpoint)
    if hf_state_dict is not None:
        load_hf_weights(module, cfg, hf_state_dict)
    else:
        init_random(module, cfg, seed, init_std)
    cast_parameters(module, dtype)
    # Inference only: without gradients, a call made outside no_grad() records no autograd
    # graph and the caches it writes never require grad.
    for p in module.parameters():
        p.requires_grad_(False)
    return module.eval()


def export(cfg: ModelConfig, output: str, dtype: torch.dtype = torch.float32,
           max_seq_len: Optional[int] = None, device: str = "cpu", seed: int = 0,
           init_std: float = 0.02, checkpoint: Optional[str] = None,
           hf_state_dict: Optional[Dict[str, Tensor]] = None, check_values: bool = True,
           exported_by: Optional[str] = None, weights_desc: Optional[str] = None,
           log: Any = None, static_span: bool = False,
           attention: Optional[str] = None) -> Dict[str, Any]:
    """Builds, scripts and saves the module to `output` (.pt) and its sidecar (.json).

    Returns the sidecar's content. The module is saved with its weights on the CPU.
    """
    if not output.endswith(".pt"):
        raise ValueError("--output must end in .pt")
    if max_seq_len is None:
        max_seq_len = default_max_seq_len(cfg)
    if attention is None:
        attention = default_attention()
    module = prepare_module(cfg, dtype, max_seq_len, seed, init_std, checkpoint, hf_state_dict,
                            attention)
    meta = make_metadata(cfg, module, dtype, max_seq_len, check_values, static_span, attention)
    scripted = script_module(module, meta)
    scripted = scripted.to(device)

    inputs = reference_inputs(cfg.vocab_size, max_seq_len, seed)
    sidecar: Dict[str, Any] = dict(meta)
    sidecar["torch_version"] = torch.__version__
    sidecar["exported_by"] = exported_by or "export_model.export()"
    sidecar["weights"] = weights_desc or ("checkpoint %s" % checkpoint if checkpoint
                                          else "random (seed %d, std %g)" % (seed, init_std))
    sidecar["config"] = cfg.to_dict()
    sidecar["tolerance"] = TOLERANCES[meta["dtype"]]
    try:
        ref = compute_reference(scripted, meta, inputs, device)
        ref["device"] = str(device)
        sidecar["reference"] = ref
    except (RuntimeError, torch.jit.Error) as e:  # e.g. float16 matmul on the CPU, torch 1.13
        lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
        reason = lines[-1] if lines else repr(e)
        sidecar["reference"] = None
        sidecar["reference_unavailable"] = ("%s on %s with torch %s: %s"
                                            % (meta["dtype"], device, torch.__version__, reason))
        if log:
            log("no reference outputs: " + sidecar["reference_unavailable"])

    out_dir = os.path.dirname(os.path.abspath(output))
    os.makedirs(out_dir, exist_ok=True)
    scripted = scripted.to("cpu")
    # Written under its final name in a scratch dir (the archive's root folder is named after
    # the file), then renamed into place, so an interrupted export leaves no half file.
    scratch = os.path.join(out_dir, ".export-%d" % os.getpid())
    os.makedirs(scratch, exist_ok=True)
    try:
        tmp = os.path.join(scratch, os.path.basename(output))
        torch.jit.save(scripted, tmp,
                       _extra_files={"jharness.json": json.dumps(meta, sort_keys=True)})
        os.replace(tmp, output)
        json_path = output[:-3] + ".json"
        tmp = os.path.join(scratch, os.path.basename(json_path))
        with open(tmp, "w") as f:
            f.write(dump_json(sidecar) + "\n")
        os.replace(tmp, json_path)
    finally:
        for name in os.listdir(scratch):
            os.remove(os.path.join(scratch, name))
        os.rmdir(scratch)
    return sidecar


def dump_json(obj: Any, indent: str = "") -> str:
    """JSON with one key per line and each list of numbers on one line."""
    inner = indent + "  "
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = ["%s%s: %s" % (inner, json.dumps(k), dump_json(v, inner)) for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(obj, list) and obj and all(isinstance(x, list) for x in obj):
        return "[\n" + ",\n".join(inner + dump_json(x, inner) for x in obj) + "\n" + indent + "]"
    return json.dumps(obj, separators=(", ", ": "))


def verify_export(output: str, device: str = "cpu", tol: Optional[float] = None
                  ) -> Tuple[bool, str]:
    """Reloads output (.pt) with torch.jit.load and checks it against output's .json."""
    json_path = output[:-3] + ".json"
    with open(json_path) as f:
        sidecar = json.load(f)
    model = torch.jit.load(output, map_location=device)
    meta_from_module = dict(model.metadata())
    meta_json = json.loads(model.metadata_json())
    expected = {k: _meta_str(v) for k, v in meta_json.items()}
    if meta_from_module != expected:
        return False, "metadata() %r differs from metadata_json() %r" % (meta_from_module,
                                                                         expected)
    differing = sorted(k for k, v in meta_json.items() if sidecar.get(k) != v)
    if differing:
        return False, "the module's metadata differs from the sidecar in %s" % differing
    ref = sidecar.get("reference")
    if ref is None:
        return True, "metadata ok; no reference to compare (%s)" % sidecar.get(
            "reference_unavailable")
    if tol is None:
        # Bit-exact where nothing changed (float32, same device, same torch); otherwise the
        # dtype's tolerance (another torch or device may pick other kernels).
        same = (str(ref.get("device")) == str(device)
                and sidecar.get("torch_version") == torch.__version__)
        tol = 0.0 if (same and sidecar["dtype"] == "float32") else sidecar["tolerance"]
    return compare_reference(model, sidecar, ref, device, tol)


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(
        description="Export a GPT-2 or Llama decoder as a TorchScript module following the "
                    "jharness model contract (models/README.md).")
    ap.add_argument("--family", choices=("gpt2", "llama"),
                    help="model family (default: the preset's, or the HF config's model_type)")
    ap.add_argument("--preset", choices=sorted(PRESETS), help="a built-in model shape")
    ap.add_argument("--hf-config", metavar="PATH", help="a Hugging Face config.json")
    ap.add_argument("--hf-checkpoint", metavar="DIR",
                    help="a local Hugging Face model dir (config.json + model.safetensors or "
                         "pytorch_model.bin)")
    ap.add_argument("--random-weights", action="store_true", help="seeded random weights")
    ap.add_argument("--seed", type=int, default=0, help="seed of the weights and inputs (0)")
    ap.add_argument("--init-std", type=float, default=0.02,
                    help="std of random weights (0.02, as Hugging Face)")
    ap.add_argument("--dtype", choices=sorted(DTYPES), default="fp32")
    ap.add_argument("--max-seq-len", type=int,
                    help="cache positions the model accepts (default: gpt2 n_positions, "
                         "llama min(1024, max_position_embeddings))")
    ap.add_argument("--device", default="cpu", help="cpu or cuda[:N]: where the reference "
                                                    "outputs are computed")
    ap.add_argument("--no-input-checks", action="store_true",
                    help="skip the value-range checks in forward (shape checks stay)")
    ap.add_argument("--static-span", action="store_true",
                    help="attend over the whole cache (masked) instead of max(positions)+1: "
                         "forward then never reads back to the host, so a decode step can be "
                         "captured as a CUDA graph (the native libtorch engine needs this)")
    ap.add_argument("--attention", choices=ATTENTION_KERNELS,
                    help="attention kernel: sdpa (torch's fused scaled_dot_product_attention, "
                         "torch 2.1+) or bmm (baddbmm, softmax, bmm; any torch). Default: %s "
                         "with this torch" % default_attention())
    ap.add_argument("--output", required=True, metavar="PATH.pt")
    ap.add_argument("--check", action="store_true",
                    help="reload the saved module and verify it reproduces the reference")
    args = ap.parse_args(argv)

    def fail(msg: str) -> int:
        print("export_model: " + msg, file=sys.stderr)
        return 2

    if args.random_weights and args.hf_checkpoint:
        return fail("--random-weights and --hf-checkpoint are mutually exclusive")
    if not args.random_weights and not args.hf_checkpoint:
        return fail("say where the weights come from: --random-weights or --hf-checkpoint DIR")
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        return fail("--device %s: CUDA is not available" % args.device)
    try:
        hf_config_path = args.hf_config
        if hf_config_path is None and args.hf_checkpoint:
            hf_config_path = os.path.join(args.hf_checkpoint, "config.json")
        if hf_config_path is not None:
            if args.preset:
                return fail("--preset and a Hugging Face config are mutually exclusive")
            with open(hf_config_path) as f:
                cfg = config_from_hf(json.load(f), args.family)
        elif args.preset:
            cfg = config_from_preset(args.preset)
            if args.family and args.family != cfg.family:
                return fail("--family %s contradicts preset %s" % (args.family, args.preset))
        else:
            return fail("give --preset, --hf-config or --hf-checkpoint")
        exported_by = " ".join(shlex.quote(a) for a in
                               ["scripts/export_model.py"] + list(sys.argv[1:] if argv is None
                                                                   else argv))
        sidecar = export(cfg, args.output, DTYPES[args.dtype], args.max_seq_len, args.device,
                         args.seed, args.init_std, args.hf_checkpoint,
                         check_values=not args.no_input_checks, exported_by=exported_by,
                         static_span=args.static_span, attention=args.attention,
                         log=lambda m: print("export_model: " + m, file=sys.stderr))
    except (ValueError, FileNotFoundError, KeyError) as e:
        return fail(str(e))
    size = os.path.getsize(args.output)
    print("wrote %s (%.1f KiB, %s, %s, %d parameters) and %s"
          % (args.output, size / 1024.0, sidecar["family"], sidecar["dtype"],
             sidecar["param_count"], args.output[:-3] + ".json"))
    if args.check:
        ok, report = verify_export(args.output, args.device)
        print("check: %s: %s" % ("ok" if ok else "FAILED", report))
        if not ok:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
