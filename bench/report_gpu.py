#!/usr/bin/env python3
"""Describes the GPU machine and turns the raw JSON of bench/run-gpu-benchmarks.sh into
results-gpu.json and the Markdown tables of docs/performance.md ("On a GPU").

    report_gpu.py machine [--build DIR]                                    > raw/machine.json
    report_gpu.py report RAW --json F --markdown F [--skipped FILE] [--command C]

Exits 1 when a measurement failed or the engine and the PyTorch peer disagree on the logits
(last position's L2 norm, 1e-3 relative: they must compute the same forward for the speed ratio
to mean anything). Standard library only.
"""
import glob
import json
import os
import sys

import report  # bench/report.py: machine(), warm(), gb()


def sh(cmd):
    return report.sh(cmd)


def machine(build):
    m = report.machine(build)
    m["gpu"] = sh(["nvidia-smi", "--query-gpu=name,memory.total,driver_version,clocks.max.sm", "--format=csv,noheader"])
    m["torch"] = sh([os.environ.get("PYTHON", "python3"), "-c",
                     "import torch; print(torch.__version__, 'CUDA', torch.version.cuda)"])
    m["nvcc"] = sh(["bash", "-c", "nvcc --version 2>/dev/null | tail -1"])
    return m


def load(raw):
    """name -> object, or list of objects for JSON-lines files (--runs)."""
    out = {}
    for path in sorted(glob.glob(os.path.join(raw, "*.json"))):
        name = os.path.basename(path)[:-5]
        text = open(path).read().strip()
        try:
            out[name] = json.loads(text)
        except json.JSONDecodeError:
            out[name] = [json.loads(line) for line in text.splitlines() if line.strip()]
    return out


def gpu_peak_mib(raw, name):
    path = os.path.join(raw, name + ".mem")
    values = [int(x) for x in open(path).read().split() if x.strip().isdigit()] if os.path.exists(path) else []
    return max(values) if values else None


class GpuReport(report.Report):
    def forward_rows(self, label):
        """(T, taps) -> {implementation: run} for one model."""
        by = {}
        for impl in ("engine-split-bf16", "engine-f32", "peer-device", "peer-host"):
            runs = self.raw.get(f"forward__{label}__{impl}")
            if runs is None:
                continue
            for r in runs if isinstance(runs, list) else [runs]:
                by.setdefault((r["tokens"], r["taps"]), {})[impl] = r
        return by

    def peaks(self, label, tokens):
        g = self.raw.get(f"gemm__{label}__T{tokens}")
        if not g:
            return None, None, None
        return g["peak_f32_gflops"], g["peak_bf16_gflops"], g.get("peak_split_bf16_gflops", 0)

    def forward_section(self, label):
        rows = self.forward_rows(label)
        if not rows:
            return
        any_run = next(iter(next(iter(rows.values())).values()))
        self.p(f"### {label}: {any_run.get('layers')} layers, d = {any_run.get('dim')}, "
               f"{any_run.get('parameters', 0) / 1e9:.2f} B parameters", "")
        table = []
        for (T, taps), impls in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1] != "none")):
            cells = [str(T), {"none": "logits", "all": "every tap", "resid": "resid + logits"}.get(taps, taps)]
            tps = {}
            for impl in ("engine-split-bf16", "engine-f32", "peer-device", "peer-host"):
                r = impls.get(impl)
                if r:
                    tps[impl] = T / report.warm(r["forward_seconds"])
                cells.append(f"{tps[impl]:,.0f}" if impl in tps else "–")
            eng = impls.get("engine-split-bf16") or impls.get("engine-f32")
            peer = impls.get("peer-device")
            if eng and peer:
                a, b = eng["last_logits_l2"], peer["last_logits_l2"]
                if abs(a - b) > 1e-3 * abs(b):
                    self.errors.append(f"{label} T={T} {taps}: engine and peer logits differ (L2 {a} vs {b})")
            ratio = lambda x, y: f"**{tps[x] / tps[y]:.2f} ×**" if x in tps and y in tps else "–"
            cells += [ratio("engine-split-bf16", "peer-device"), ratio("engine-split-bf16", "peer-host"),
                      ratio("engine-f32", "peer-device")]
            p32, p16, _ = self.peaks(label, T)
            for impl in ("engine-split-bf16", "engine-f32"):
                r = impls.get(impl)
                if r and p32:
                    tflops = r["model_flops"] / report.warm(r["forward_seconds"]) / 1e12
                    cells.append(f"{tflops:.1f} ({100 * tflops * 1e3 / p32:.0f}% / {100 * tflops * 1e3 / p16:.0f}%)")
                else:
                    cells.append("–")
            table.append(cells)
            self.results[f"{label}__T{T}__{taps}"] = {k: T / report.warm(v["forward_seconds"]) for k, v in impls.items()}
        self.table(["T", "taps", "engine split-bf16 tok/s", "engine f32 tok/s", "peer tok/s (taps on GPU)",
                    "peer tok/s (taps to host)", "split-bf16 / peer (GPU)", "split-bf16 / peer (host)", "f32 / peer (GPU)",
                    "split-bf16 TFLOP/s (of f32 / bf16 peak)", "f32 TFLOP/s (of f32 / bf16 peak)"], table)
        mem = []
        for impl in ("engine-split-bf16", "engine-f32", "peer-device"):
            peak = gpu_peak_mib(self.raw_dir, f"forward__{label}__{impl}")
            runs = self.raw.get(f"forward__{label}__{impl}")
            first = (runs[0] if isinstance(runs, list) else runs) if runs else None
            if first:
                weights = first.get("gpu_weight_bytes") or 0
                mem.append([impl, f"{first['load_seconds']:.1f} s", report.gb(weights) if weights else "–",
                            f"{peak / 1024:.1f} GiB" if peak else "–"])
        if mem:
            self.table(["run", "load + upload", "weights on the GPU (engine)", "GPU memory in use, peak over its runs"], mem)

    def gemm_section(self, labels):
        rows = []
        for label in labels:
            for name in sorted((n for n in self.raw if n.startswith(f"gemm__{label}__")), key=lambda n: int(n.split("__T")[1])):
                g = self.raw[name]
                for s in g["shapes"]:
                    rows.append([label, g["tokens"], f"{s['name']} {s['in']} × {s['out']}", f"{s['f32_gflops'] / 1e3:.1f}",
                                 f"{s['bf16_gflops'] / 1e3:.1f}", f"{s.get('split_bf16_gflops', 0) / 1e3:.1f}"])
        if rows:
            self.p("### GEMM rates of the models' shapes", "",
                   "torch matmul of x [T, in] by W^T on the GPU, random values, best of 3 timings of 10 products; "
                   "*split-bf16* is the engine's product of float32 x with bf16 W (engine/linear.h), its rate counted "
                   "in the model's FLOPs (it does 3 × that work on the tensor cores).", "")
            self.table(["model", "T", "matrix", "float32 TFLOP/s", "bf16 TFLOP/s", "split-bf16 TFLOP/s (model FLOPs)"], rows)

    def sweep_section(self):
        for name, r in sorted(self.raw.items()):
            if not name.startswith("sweep__"):
                continue
            self.p(f"### Phi_u sweep, {os.path.basename(r['model'])}, {r['samples']} × {r['tokens']} tokens", "")
            self.table(["what", "figure"], [
                ["device, GEMM route", f"{r['device']}, {r['gemm']}"],
                ["spectrum of W_u (float64 Gram + dsyevd, CPU)", f"{r['spectrum_s']:.2f} s"],
                ["unfiltered pass (resid, mlp_out, NLL kept)", f"{r['unfiltered_pass_s']:.2f} s"],
                ["cache write / read (HDF5)", f"{r['cache_write_s']:.2f} / {r['cache_read_s']:.2f} s"],
                [f"one point (layer {r['point_layer']}, k = 19) p50 / p95", f"{r['point_p50_ms']:.0f} / {r['point_p95_ms']:.0f} ms"],
                [f"same point from the embeddings p50 / p95", f"{r['naive_point_p50_ms']:.0f} / {r['naive_point_p95_ms']:.0f} ms"],
                [f"full sweep, {r['sweep_points']} points (all layers × k = 1..20)", f"**{r['sweep_s']:.1f} s**"],
            ])
            self.results[name] = r

    def build(self, command, skipped):
        m = self.raw.get("machine", {})
        self.p("## GPU run", "")
        self.table(["what", "value"], [
            ["GPU", m.get("gpu", "?")],
            ["torch", m.get("torch", "?")],
            ["nvcc", m.get("nvcc", "?")],
            ["CPU", f"{m.get('cpu', '?')}, {m.get('cores', '?')} cores"],
            ["memory", report.gb(m.get("memory_bytes", 0))],
            ["system", f"{m.get('os', '?')}, Linux {m.get('kernel', '?')}"],
            ["command", f"`{command}`"],
            ["date", m.get("date", "?")],
        ])
        labels = sorted({n.split("__")[1] for n in self.raw if n.startswith(("forward__", "gemm__"))})
        self.p("### Forward pass: engine against the PyTorch peer on the same GPU", "",
               "Tokens/s of one sample of T tokens, median of the warm passes. *every tap*: the residual stream after every "
               "layer, attention and MLP outputs, attention probabilities, logits; the engine hands them out in host memory, "
               "the peer keeps them on the GPU (its hooks' default) or copies each to the host. TFLOP/s: model FLOPs "
               "(`forwardFlops`) over the time, and that as a fraction of the best float32 and bf16 GEMM rates measured for "
               "the model's shapes at the same T.", "")
        for label in labels:
            self.forward_section(label)
        self.sweep_section()
        self.gemm_section(labels)
        for name, runs in self.raw.items():
            if name.startswith("forward__") and not runs:
                self.errors.append(f"{name}: no runs")
        left = [s for s in open(skipped).read().split("\n") if s.strip()] if skipped and os.path.exists(skipped) else []
        failed = sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(self.raw_dir, "*.err"))
                        if not os.path.exists(p[:-4] + ".json"))
        if left or failed:
            self.p("### Not measured in this run", "")
            for s in left:
                self.p(f"- {s}: left out (deadline or missing checkpoint)")
            for s in failed:
                self.p(f"- {s}: failed: {open(os.path.join(self.raw_dir, s + '.err')).read().strip().splitlines()[-1:]}")
                self.errors.append(f"{s} failed")
            self.p("")
        return "\n".join(self.lines) + "\n"


def main():
    ap, r = report.arguments("bench/run-gpu-benchmarks.sh")
    r.add_argument("--skipped", default="")
    a = ap.parse_args()
    if a.cmd == "machine":
        print(json.dumps(machine(a.build), indent=2))
        return 0
    raw = load(a.raw)
    rep = GpuReport(raw, False)
    rep.raw_dir = a.raw
    text = rep.build(a.command, a.skipped)
    report.write_outputs(((a.markdown, text),
                          (a.json, json.dumps({"machine": raw.get("machine"), "results": rep.results, "raw": raw}, indent=1))))
    for e in rep.errors:
        print(f"error: {e}", file=sys.stderr)
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
