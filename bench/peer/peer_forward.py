#!/usr/bin/env python3
"""The PyTorch peer of spectro-bench-forward: the same LLaMa forward, written the way a researcher
would in a notebook (nn.Modules + forward hooks that keep the taps), on the same Hugging Face
checkpoint and the same token ids, so that the two are timed against each other in one run.

    peer_forward.py MODEL_DIR [--tokens T] [--repeats R] [--taps none|all|resid] [--threads N]
                    [--device cpu|cuda[:N]] [--keep device|host] [--runs T:TAPS,T:TAPS,...]

Prints one JSON object like spectro-bench-forward's (one per line with --runs, which measures
several (T, taps) pairs with one load). Taps "all" keeps what the engine's taps
"resid,attn_out,mlp_out,attn,logits" keep: the residual stream after every layer, the attention
and MLP outputs and the attention probabilities of every layer, and the logits; "resid" the
residual streams and the logits.

On a GPU (--device cuda) every weight is uploaded once in its stored dtype and widened per call,
as the engine does (and as a notebook would, to fit a 7B in bf16); matrix products are float32
with TF32 off (PyTorch's default, set explicitly). The hooks keep their tensors where they are
computed (--keep device, the notebook way) or copy each to the host (--keep host, what the engine
hands out); times are taken after torch.cuda.synchronize().

Weights are read from the safetensors files through a memory map (numpy), never copied whole:
float32 weights are used in place; 16-bit weights stay 16-bit and each matrix is widened to
float32 just before it is used (the engine does the same), so LLaMa-2-7B in bf16 fits in 24 GB.
Only Debian's python3-torch and python3-numpy are needed.
"""
import argparse
import json
import math
import os
import resource
import struct
import sys
import time

import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


warnings.filterwarnings("ignore", message="The given NumPy array is not writable")


def open_safetensors(model_dir):
    """name -> torch tensor viewing the memory-mapped file (no copy)."""
    index = os.path.join(model_dir, "model.safetensors.index.json")
    files = sorted(set(json.load(open(index))["weight_map"].values())) if os.path.exists(index) else ["model.safetensors"]
    tensors = {}
    for name in files:
        path = os.path.join(model_dir, name)
        with open(path, "rb") as f:
            n = struct.unpack("<Q", f.read(8))[0]
            header = json.loads(f.read(n))
        data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
        for key, info in header.items():
            if key == "__metadata__":
                continue
            a, b = info["data_offsets"]
            raw = data[a:b]
            dtype = info["dtype"]
            if dtype == "F32":
                t = torch.from_numpy(raw.view(np.float32))
            elif dtype == "F16":
                t = torch.from_numpy(raw.view(np.float16))
            elif dtype == "BF16":
                t = torch.from_numpy(raw.view(np.int16)).view(torch.bfloat16)
            else:
                sys.exit(f"{path}: tensor {key} has dtype {dtype}; the peer reads F32, F16 and BF16")
            tensors[key] = t.view(info["shape"])
    return tensors


def f32(t):
    return t if t.dtype == torch.float32 else t.float()


class Linear(nn.Module):
    """y = x W^T with W kept as stored; 16-bit W is widened per call (bounded memory)."""

    def __init__(self, weight):
        super().__init__()
        self.weight = weight

    def forward(self, x):
        return F.linear(x, f32(self.weight))


class RMSNorm(nn.Module):
    def __init__(self, gain, eps):
        super().__init__()
        self.gain, self.eps = f32(gain), eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.gain


class Probs(nn.Module):
    """Identity module so that a forward hook can keep the attention probabilities."""

    def forward(self, p):
        return p


class Attention(nn.Module):
    def __init__(self, w, p, cfg):
        super().__init__()
        self.h, self.kv = cfg["num_attention_heads"], cfg.get("num_key_value_heads", cfg["num_attention_heads"])
        self.hd = cfg["hidden_size"] // self.h
        self.q, self.k = Linear(w[p + "q_proj.weight"]), Linear(w[p + "k_proj.weight"])
        self.v, self.o = Linear(w[p + "v_proj.weight"]), Linear(w[p + "o_proj.weight"])
        self.probs = Probs()

    def forward(self, x, cos, sin, mask):
        T = x.shape[0]
        q = self.q(x).view(T, self.h, self.hd).transpose(0, 1)
        k = self.k(x).view(T, self.kv, self.hd).transpose(0, 1)
        v = self.v(x).view(T, self.kv, self.hd).transpose(0, 1)
        q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        if self.kv != self.h:
            k = k.repeat_interleave(self.h // self.kv, 0)
            v = v.repeat_interleave(self.h // self.kv, 0)
        scores = (q @ k.transpose(1, 2)) / math.sqrt(self.hd) + mask
        p = self.probs(torch.softmax(scores, -1))
        return self.o((p @ v).transpose(0, 1).reshape(T, -1))


def rotate(x, cos, sin):
    # Hugging Face layout: the two halves of each head are the (real, imaginary) parts.
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half], x[..., half:]
    return torch.cat([x1 * cos - x2 * sin, x1 * sin + x2 * cos], -1)


class MLP(nn.Module):
    def __init__(self, w, p):
        super().__init__()
        self.gate, self.up, self.down = (Linear(w[p + n + "_proj.weight"]) for n in ("gate", "up", "down"))

    def forward(self, x):
        return self.down(F.silu(self.gate(x)) * self.up(x))


class Layer(nn.Module):
    def __init__(self, w, i, cfg):
        super().__init__()
        p = f"model.layers.{i}."
        eps = cfg.get("rms_norm_eps", 1e-5)
        self.norm1 = RMSNorm(w[p + "input_layernorm.weight"], eps)
        self.norm2 = RMSNorm(w[p + "post_attention_layernorm.weight"], eps)
        self.attn, self.mlp = Attention(w, p + "self_attn.", cfg), MLP(w, p + "mlp.")

    def forward(self, x, cos, sin, mask):
        x = x + self.attn(self.norm1(x), cos, sin, mask)
        return x + self.mlp(self.norm2(x))


class Llama(nn.Module):
    def __init__(self, model_dir, device="cpu"):
        super().__init__()
        cfg = json.load(open(os.path.join(model_dir, "config.json")))
        w = open_safetensors(model_dir)
        if device != "cpu":
            w = {name: t.to(device) for name, t in w.items()}  # stored dtype: bf16 stays bf16
        self.device = device
        self.cfg = cfg
        self.embed = w["model.embed_tokens.weight"]
        self.layers = nn.ModuleList(Layer(w, i, cfg) for i in range(cfg["num_hidden_layers"]))
        self.norm = RMSNorm(w["model.norm.weight"], cfg.get("rms_norm_eps", 1e-5))
        self.unembed = Linear(w["lm_head.weight"] if "lm_head.weight" in w else self.embed)
        self.theta = cfg.get("rope_theta", cfg.get("rope_parameters", {}).get("rope_theta", 10000.0))

    def forward(self, ids):
        T = ids.shape[0]
        hd = self.cfg["hidden_size"] // self.cfg["num_attention_heads"]
        inv = 1.0 / self.theta ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd)
        ang = torch.outer(torch.arange(T, dtype=torch.float64), inv)
        cos, sin = ang.cos().float().to(self.device), ang.sin().float().to(self.device)
        mask = torch.full((T, T), float("-inf"), device=self.device).triu(1)
        x = f32(self.embed[ids])
        for layer in self.layers:
            x = layer(x, cos, sin, mask)
        return self.unembed(self.norm(x))


def add_tap_hooks(model, cache, taps="all", to_host=False):
    """The notebook way: forward hooks that keep each tapped output (detached, not copied), or
    copy it to the host (to_host)."""

    def keep(name):
        def hook(_module, _inputs, output):
            cache[name] = output.detach().to("cpu") if to_host else output.detach()
        return hook

    handles = []
    for i, layer in enumerate(model.layers):
        handles.append(layer.register_forward_hook(keep(f"resid.{i + 1}")))
        if taps == "all":
            handles.append(layer.attn.register_forward_hook(keep(f"attn_out.{i}")))
            handles.append(layer.mlp.register_forward_hook(keep(f"mlp_out.{i}")))
            handles.append(layer.attn.probs.register_forward_hook(keep(f"attn.{i}")))
    return handles


def measure(model, a, tokens, taps, load, rss_load, one_line):
    """Times `a.repeats` passes over `tokens` tokens with the given taps; prints the JSON object."""
    vocab = model.cfg["vocab_size"]
    cuda = model.device != "cpu"
    # The engine benchmark's token ids: BoS, then a fixed stride through the vocabulary.
    ids = torch.tensor([1] + [1 + (i * 7919) % (vocab - 1) for i in range(1, tokens)], device=model.device)
    cache = {}
    handles = add_tap_hooks(model, cache, taps, a.keep == "host") if taps != "none" else []
    if cuda:
        torch.cuda.reset_peak_memory_stats()
    times, logits = [], None
    with torch.inference_mode():
        for _ in range(a.repeats):
            cache.clear()
            s = time.perf_counter()
            logits = model(ids)
            if taps != "none":
                cache["logits"] = logits.to("cpu") if a.keep == "host" else logits
            if cuda:
                torch.cuda.synchronize()
            times.append(time.perf_counter() - s)
    for h in handles:
        h.remove()
    last = logits[-1].double()
    result = {
        "model": a.model, "implementation": "pytorch-peer", "torch": torch.__version__, "device": model.device,
        "keep": a.keep if taps != "none" else "", "threads": torch.get_num_threads(), "tokens": tokens, "taps": taps,
        "tapped_tensors": len(cache), "load_seconds": round(load, 4), "forward_seconds": [round(t, 5) for t in times],
        "load_rss_bytes": rss_load, "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "gpu_peak_bytes": torch.cuda.max_memory_allocated() if cuda else 0,
        "last_logits_sum": last.sum().item(), "last_logits_l2": last.norm().item(),
    }
    print(json.dumps(result) if one_line else json.dumps(result, indent=2), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--taps", choices=["none", "all", "resid"], default="all")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--keep", choices=["device", "host"], default="device")
    ap.add_argument("--runs", default="", help="T:TAPS,T:TAPS,... measured with one load, one JSON object per line")
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    if a.device != "cpu":
        # Float32 products in float32, as the engine computes them (TF32 is PyTorch's default-off).
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    runs = [(int(r.split(":")[0]), r.split(":")[1]) for r in a.runs.split(",")] if a.runs else [(a.tokens, a.taps)]
    t0 = time.perf_counter()
    model = Llama(a.model, a.device)
    if a.device != "cpu":
        torch.cuda.synchronize()
    load = time.perf_counter() - t0
    rss_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    for tokens, taps in runs:
        measure(model, a, tokens, taps, load, rss_load, bool(a.runs))


if __name__ == "__main__":
    main()
