#!/usr/bin/env python3
"""Checks export_model.py against Hugging Face transformers' own GPT-2 and Llama.

For each small config: builds transformers' GPT2LMHeadModel / LlamaForCausalLM with seeded
random weights, save_pretrained()s it (safetensors) to a temp dir, exports that checkpoint
through export_model.export(), and compares our scripted module with HF's model:

  * prefill: the logits of every position of a prompt (ours: one call per last_index);
  * a right-padded batch of two prompts of different lengths, against each prompt alone in HF;
  * greedy decoding with our KV cache against HF's full-recompute argmax (and HF generate()).

In float32 on the CPU (the default) every logit must agree within 1e-4 and the greedy tokens
must be equal. With --device cuda --dtype fp16|bf16 the tolerance is the dtype's
(models/README.md) and greedy tokens may differ only where HF's top-2 logits are closer than
it. It also re-verifies the committed fixtures (models/fixtures/*.pt) against their sidecars
under this torch version.

Needs torch and transformers (4.4x or 5.x); nothing is downloaded. Exit status 0 when every
check passes, 1 otherwise.

    python3 scripts/check_export.py                      # fp32, cpu
    python3 scripts/check_export.py --device cuda --dtype bf16
"""

import argparse
import glob
import json
import os
import sys
import tempfile
import traceback
from typing import Any, Dict, List, Tuple

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import export_model as em  # noqa: E402

PROMPT_LEN = 12
SHORT_LEN = 5
GREEDY_STEPS = 8
MAX_SEQ = 64


def transformers_major() -> int:
    import transformers
    return int(transformers.__version__.split(".")[0])


def hf_configs() -> List[Tuple[str, str, Dict[str, Any]]]:
    """(name, family, config kwargs) of the models to check."""
    v5 = transformers_major() >= 5
    common_llama = dict(vocab_size=512, hidden_size=64, intermediate_size=128,
                        num_hidden_layers=2, max_position_embeddings=128, rms_norm_eps=1e-6,
                        initializer_range=0.1)

    def rope(theta: float, scaling: Any = None) -> Dict[str, Any]:
        if v5:
            rp = {"rope_type": "default", "rope_theta": theta}
            rp.update(scaling or {})
            return {"rope_parameters": rp}
        return {"rope_theta": theta, "rope_scaling": scaling}

    llama3 = {"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0,
              "high_freq_factor": 4.0, "original_max_position_embeddings": 16}
    return [
        ("gpt2 tied", "gpt2",
         dict(vocab_size=512, n_embd=64, n_layer=2, n_head=4, n_positions=128,
              initializer_range=0.1, resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0,
              bos_token_id=1, eos_token_id=2)),
        ("llama gqa 4/2 untied", "llama",
         dict(common_llama, num_attention_heads=4, num_key_value_heads=2,
              tie_word_embeddings=False, **rope(10000.0))),
        ("llama mqa 4/1 tied llama3-rope", "llama",
         dict(common_llama, num_attention_heads=4, num_key_value_heads=1,
              tie_word_embeddings=True, **rope(500000.0, llama3))),
    ]


def build_hf_model(family: str, kwargs: Dict[str, Any], seed: int):
    from transformers import GPT2Config, GPT2LMHeadModel, LlamaConfig, LlamaForCausalLM
    config_cls, model_cls = ((GPT2Config, GPT2LMHeadModel) if family == "gpt2"
                             else (LlamaConfig, LlamaForCausalLM))
    try:
        config = config_cls(attn_implementation="eager", **kwargs)
    except TypeError:
        config = config_cls(**kwargs)
    torch.manual_seed(seed)
    model = model_cls(config)
    return model.eval()


def save_pretrained(model, path: str) -> None:
    try:
        model.save_pretrained(path, safe_serialization=True)
    except TypeError:  # transformers 5 always writes safetensors
        model.save_pretrained(path)


@torch.no_grad()
def hf_logits(model, ids: List[int], device: str) -> torch.Tensor:
    out = model(torch.tensor([ids], device=device))
    return out.logits[0].float().cpu()  # [T, V]


@torch.no_grad()
def ours(model, meta, ids: List[List[int]], positions: List[List[int]], last: List[int],
         cache, device: str) -> torch.Tensor:
    return model(torch.tensor(ids, device=device), torch.tensor(positions, device=device),
                 torch.tensor(last, device=device), *cache).float().cpu()


def check_one(name: str, family: str, kwargs: Dict[str, Any], dtype: torch.dtype, device: str,
              seed: int, tmp: str) -> Tuple[bool, str]:
    tol = em.TOLERANCES[em.DTYPE_NAMES[dtype]]
    hf = build_hf_model(family, kwargs, seed)
    ckpt = os.path.join(tmp, name.replace(" ", "_").replace("/", "-"))
    save_pretrained(hf, ckpt)
    with open(os.path.join(ckpt, "config.json")) as f:
        cfg = em.config_from_hf(json.load(f))
    out = ckpt + ".pt"
    em.export(cfg, out, dtype=dtype, max_seq_len=MAX_SEQ, device=device, seed=seed,
              checkpoint=ckpt, exported_by="check_export.py")
    ok_reload, reload_report = em.verify_export(out, device)
    model = torch.jit.load(out, map_location=device)
    meta = json.loads(model.metadata_json())
    hf = hf.to(device=device, dtype=dtype)

    gen = torch.Generator()
    gen.manual_seed(seed + 1)
    prompt = torch.randint(1, cfg.vocab_size, (PROMPT_LEN,), generator=gen).tolist()
    short = torch.randint(1, cfg.vocab_size, (SHORT_LEN,), generator=gen).tolist()
    problems: List[str] = []
    if not ok_reload:
        problems.append("reload: " + reload_report)

    # 1. prefill, every position
    ref = hf_logits(hf, prompt, device)
    prefill_diff = 0.0
    for i in range(PROMPT_LEN):
        got = ours(model, meta, [prompt], [list(range(PROMPT_LEN))], [i],
                   em.new_cache(meta, 1, device=device), device)
        prefill_diff = max(prefill_diff, (got[0] - ref[i]).abs().max().item())
    if prefill_diff > tol:
        problems.append("prefill logits differ by %.3g" % prefill_diff)

    # 2. right-padded batch of two prompts vs each alone in HF
    ref_short = hf_logits(hf, short, device)
    padded = [prompt, short + [0] * (PROMPT_LEN - SHORT_LEN)]
    got = ours(model, meta, padded, [list(range(PROMPT_LEN))] * 2,
               [PROMPT_LEN - 1, SHORT_LEN - 1], em.new_cache(meta, 2, device=device), device)
    batch_diff = max((got[0] - ref[-1]).abs().max().item(),
                     (got[1] - ref_short[-1]).abs().max().item())
    if batch_diff > tol:
        problems.append("padded batch logits differ by %.3g" % batch_diff)

    # 3. greedy: our prefill + cached decode vs HF full recompute
    cache = em.new_cache(meta, 1, device=device)
    logits = ours(model, meta, [prompt], [list(range(PROMPT_LEN))], [PROMPT_LEN - 1], cache,
                  device)[0]
    seq = list(prompt)
    ours_tokens: List[int] = []
    hf_tokens: List[int] = []
    decode_diff = 0.0
    close_calls = 0
    for step in range(GREEDY_STEPS):
        ref_step = hf_logits(hf, seq, device)[-1]
        decode_diff = max(decode_diff, (logits - ref_step).abs().max().item())
        tok = int(logits.argmax())
        hf_tok = int(ref_step.argmax())
        top2 = torch.topk(ref_step, 2).values
        if tok != hf_tok and float(top2[0] - top2[1]) <= 2 * tol:
            close_calls += 1  # a near tie: either choice is right at this precision
            tok = hf_tok
        ours_tokens.append(tok)
        hf_tokens.append(hf_tok)
        pos = len(seq)
        seq.append(tok)
        if step < GREEDY_STEPS - 1:
            logits = ours(model, meta, [[tok]], [[pos]], [0], cache, device)[0]
    if decode_diff > tol:
        problems.append("decode logits differ by %.3g" % decode_diff)
    if ours_tokens != hf_tokens:
        problems.append("greedy tokens differ: ours %s, HF %s" % (ours_tokens, hf_tokens))
    if dtype == torch.float32 and close_calls:
        problems.append("%d greedy near-ties in float32" % close_calls)

    # 4. HF generate() (its own KV cache), as a second opinion
    gen_note = ""
    try:
        with torch.no_grad():
            out_ids = hf.generate(torch.tensor([prompt], device=device),
                                  attention_mask=torch.ones(1, PROMPT_LEN, dtype=torch.long,
                                                            device=device),
                                  max_new_tokens=GREEDY_STEPS, min_new_tokens=GREEDY_STEPS,
                                  do_sample=False, num_beams=1, pad_token_id=0,
                                  eos_token_id=None)
        gen_tokens = out_ids[0, PROMPT_LEN:].tolist()
        gen_note = "HF generate %s" % ("equal" if gen_tokens == ours_tokens else "differs")
        if gen_tokens != ours_tokens and dtype == torch.float32:
            problems.append("HF generate gave %s, ours %s" % (gen_tokens, ours_tokens))
    except Exception as e:  # generate's API varies between versions; it is a second opinion
        gen_note = "HF generate skipped (%s)" % str(e).splitlines()[0][:80]

    report = ("prefill max|diff| %.2g over %d positions; padded batch %.2g; decode %.2g; "
              "greedy %d/%d equal%s; %s; reload: %s"
              % (prefill_diff, PROMPT_LEN, batch_diff, decode_diff,
                 sum(a == b for a, b in zip(ours_tokens, hf_tokens)), GREEDY_STEPS,
                 " (%d near-ties)" % close_calls if close_calls else "", gen_note,
                 "ok" if ok_reload else "FAILED"))
    if problems:
        report += "\n      PROBLEMS: " + "; ".join(problems)
    return not problems, report


def check_fixtures(device: str) -> Tuple[bool, List[str]]:
    fixtures = sorted(glob.glob(os.path.join(HERE, "..", "models", "fixtures", "*.pt")))
    ok_all, lines = True, []
    for path in fixtures:
        try:
            ok, report = em.verify_export(path, device)
        except Exception as e:
            ok, report = False, "%s: %s" % (type(e).__name__, e)
        ok_all &= ok
        lines.append("%-34s %s  %s" % ("fixture " + os.path.basename(path),
                                       "ok    " if ok else "FAILED", report))
    return ok_all, lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--dtype", choices=sorted(em.DTYPES), default="fp32")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--skip-fixtures", action="store_true")
    args = ap.parse_args()
    try:
        import transformers
    except ImportError:
        print("check_export: needs the transformers package", file=sys.stderr)
        return 2
    dtype = em.DTYPES[args.dtype]
    print("torch %s, transformers %s, %s, %s" % (torch.__version__, transformers.__version__,
                                                 args.device, em.DTYPE_NAMES[dtype]))
    ok_all = True
    with tempfile.TemporaryDirectory() as tmp:
        for name, family, kwargs in hf_configs():
            try:
                ok, report = check_one(name, family, kwargs, dtype, args.device, args.seed, tmp)
            except Exception:
                ok, report = False, "ERROR\n" + traceback.format_exc()
            ok_all &= ok
            print("%-34s %s  %s" % (name, "ok    " if ok else "FAILED", report))
    if not args.skip_fixtures:
        ok, lines = check_fixtures(args.device)
        ok_all &= ok
        for line in lines:
            print(line)
    print("check_export: %s" % ("all ok" if ok_all else "FAILED"))
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
