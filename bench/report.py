#!/usr/bin/env python3
"""Describes the machine and turns the benchmark suite's raw JSON into results.json and a
Markdown report (bench/run-benchmarks.sh calls it; docs/performance.md quotes the report).

    report.py machine [--build DIR]                       > raw/machine.json
    report.py report RAW --json F --markdown F [--command C] [--smoke]

Exits 1 when a measurement is missing or the engine and the PyTorch peer disagree on the logits
(they must compute the same forward for the speed ratio to mean anything). Standard library only.
"""
import argparse
import glob
import json
import os
import platform
import statistics
import subprocess
import sys
import time

PACKAGES = ["g++", "libtorch-dev", "python3-torch", "libopenblas0-pthread", "libopenblas0", "liblapacke",
            "libhdf5-103-1", "qt6-base-dev", "libqcustomplot2.1-qt6", "libsentencepiece0"]

TARGETS = {
    "peer_ratio": 1.0,          # engine speed / peer speed, same taps
    "efficiency_7b_T256": 0.60,  # model FLOPs / time / GEMM peak
    "taps_overhead": 0.15,       # taps on vs off
    "cache_share": 0.10,         # of a run's time
    "memory_7b": 1.25,           # peak RSS / weights file
    "refilter_p95_ms": 20.0,     # one (layer, k) point from the cache
    "svd_4096_s": 10.0,          # SVD bands of 32000 x 4096
}


def sh(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def machine(build):
    cpu = ""
    flags = set()
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name") and not cpu:
            cpu = line.split(":", 1)[1].strip()
        if line.startswith("flags") and not flags:
            flags = set(line.split(":", 1)[1].split())
    mem = 0
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = int(line.split()[1]) * 1024
    osname = ""
    if os.path.exists("/etc/os-release"):
        for line in open("/etc/os-release"):
            if line.startswith("PRETTY_NAME="):
                osname = line.split("=", 1)[1].strip().strip('"')
    versions = {}
    for p in PACKAGES:
        v = sh(["dpkg-query", "-W", "-f=${Version}", p])
        if v:
            versions[p] = v
    cache = {}
    path = os.path.join(build, "CMakeCache.txt") if build else ""
    if path and os.path.exists(path):
        for line in open(path):
            for key in ("CMAKE_BUILD_TYPE", "CMAKE_CXX_COMPILER:"):
                if line.startswith(key):
                    cache[key.rstrip(":")] = line.split("=", 1)[1].strip()
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "cpu": cpu, "cores": os.cpu_count(), "memory_bytes": mem, "os": osname, "kernel": platform.release(),
        "simd": sorted(f for f in flags if f.startswith(("avx512f", "avx512_bf16", "avx512_fp16", "amx", "avx2", "fma"))),
        "load_average_start": os.getloadavg(), "packages": versions, "build": cache,
    }


def load_raw(raw):
    out = {}
    for path in sorted(glob.glob(os.path.join(raw, "*.json"))):
        name = os.path.basename(path)[:-5]
        with open(path) as f:
            out[name] = json.load(f)
    return out


def warm(times):
    """Median of the passes after the first (the first pages weights in and starts threads)."""
    return statistics.median(times[1:] if len(times) > 1 else times)


def gb(b):
    return f"{b / 1e9:.2f} GB"


class Report:
    def __init__(self, raw, smoke):
        self.raw, self.smoke = raw, smoke
        self.lines, self.errors, self.targets, self.results = [], [], [], {}

    def p(self, *lines):
        self.lines.extend(lines)

    def table(self, header, rows):
        self.p("| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|")
        for r in rows:
            self.p("| " + " | ".join(str(c) for c in r) + " |")
        self.p("")

    def target(self, name, what, measured, limit, ok):
        self.targets.append({"target": name, "what": what, "measured": measured, "limit": limit, "met": ok})

    # --- sections -------------------------------------------------------------------------
    def machine_section(self):
        m = self.raw.get("machine", {})
        self.p("## Machine", "")
        self.table(["what", "value"], [
            ["CPU", f"{m.get('cpu', '?')}, {m.get('cores', '?')} cores ({', '.join(m.get('simd', []))})"],
            ["memory", gb(m.get("memory_bytes", 0))],
            ["system", f"{m.get('os', '?')}, Linux {m.get('kernel', '?')}"],
            ["build", ", ".join(f"{k} {v}" for k, v in m.get("build", {}).items())],
            ["packages", ", ".join(f"{k} {v}" for k, v in m.get("packages", {}).items())],
            ["load average at start", " / ".join(f"{x:.2f}" for x in m.get("load_average_start", []))],
            ["date", m.get("date", "?")],
        ])

    def forward_section(self):
        runs = {}
        for name, r in self.raw.items():
            if name.startswith("forward__"):
                _, label, T, taps, impl = name.split("__")
                key = (label, int(T[1:]), taps, impl.split("-")[0])
                # Of the peer's runs (one thread, every thread) the faster is the reference.
                if key not in runs or warm(r["forward_seconds"]) < warm(runs[key]["forward_seconds"]):
                    runs[key] = r
        gemm = {(n.split("__")[1], int(n.split("__")[2][1:])): r for n, r in self.raw.items() if n.startswith("gemm__")}
        if not runs:
            self.errors.append("no forward measurements")
            return
        self.p("## Forward pass: engine vs PyTorch peer", "",
               "Tokens/s of one sample of T tokens (median of the warm passes). *Taps off* computes the logits "
               "only; *taps on* keeps the residual stream after every layer, the attention and MLP outputs, the "
               "attention probabilities and the logits (the peer keeps the same through forward hooks). "
               "*Efficiency* = model FLOPs (`forwardFlops`, core/model/model_flops.h) / time / the best float32 GEMM rate "
               "measured for the model's own shapes at the same T.", "")
        rows = []
        labels = list(dict.fromkeys(k[0] for k in runs))  # in the order the files sort
        ratios, overheads = [], []
        self.results["forward"] = []
        for label in labels:
            for T in sorted({k[1] for k in runs if k[0] == label}):
                get = lambda taps, impl: runs.get((label, T, taps, impl))
                e0, e1, p0, p1 = get("none", "engine"), get("all", "engine"), get("none", "peer"), get("all", "peer")
                if not all((e0, e1, p0, p1)):
                    self.errors.append(f"forward {label} T={T}: a measurement is missing")
                    continue
                te0, te1, tp0, tp1 = (warm(r["forward_seconds"]) for r in (e0, e1, p0, p1))
                for e, pr in ((e0, p0), (e1, p1)):
                    a, b = e["last_logits_l2"], pr["last_logits_l2"]
                    if abs(a - b) > 1e-3 * max(1.0, abs(b)):
                        self.errors.append(f"forward {label} T={T}: engine and peer logits differ (l2 {a:.6g} vs {b:.6g})")
                peak = gemm.get((label, T), {}).get("peak_f32_gflops")
                eff0 = e0["model_flops"] / te0 / (peak * 1e9) if peak else None
                eff1 = e1["model_flops"] / te1 / (peak * 1e9) if peak else None
                ratio0, ratio1 = tp0 / te0, tp1 / te1
                ov_e, ov_p = te1 / te0 - 1, tp1 / tp0 - 1
                ratios.append((ratio1, label, T))
                overheads.append((ov_e, label, T))
                rows.append([label, T, f"{e0['threads']} / {p0['threads']}, {p1['threads']}", f"{T / te0:,.0f}", f"{T / te1:,.0f}", f"{T / tp0:,.0f}", f"{T / tp1:,.0f}",
                             f"**{ratio1:.2f} ×** ({ratio0:.2f} ×)", f"{ov_e * 100:+.1f}% ({ov_p * 100:+.1f}%)",
                             f"{peak:.1f}" if peak else "—",
                             f"{eff0 * 100:.0f}% / {eff1 * 100:.0f}%" if peak else "—"])
                self.results["forward"].append({
                    "model": label, "tokens": T, "engine_s": {"none": te0, "all": te1}, "peer_s": {"none": tp0, "all": tp1},
                    "ratio_taps_on": ratio1, "ratio_taps_off": ratio0, "taps_overhead_engine": ov_e, "taps_overhead_peer": ov_p,
                    "gemm_peak_gflops": peak, "efficiency_taps_off": eff0, "efficiency_taps_on": eff1,
                    "threads": e0["threads"], "peer_threads": {"none": p0["threads"], "all": p1["threads"]}})
        self.table(["model", "T", "threads: engine / peer off, on", "engine tok/s, taps off", "engine tok/s, taps on", "peer tok/s, taps off",
                    "peer tok/s, taps on", "engine / peer speed, taps on (off)", "taps cost, engine (peer)",
                    "GEMM peak GFLOP/s", "efficiency, taps off / on"], rows)
        if ratios:
            worst = min(ratios)
            self.target("peer_ratio", "forward speed vs the PyTorch peer, same taps (worst case)",
                        f"{worst[0]:.2f} × ({worst[1]}, T={worst[2]})", f"≥ {TARGETS['peer_ratio']} ×", worst[0] >= TARGETS["peer_ratio"])
            worst = max(overheads)
            self.target("taps_overhead", "cost of the taps over a forward without taps (worst case)",
                        f"{worst[0] * 100:+.1f}% ({worst[1]}, T={worst[2]})", f"≤ {TARGETS['taps_overhead'] * 100:.0f}%",
                        worst[0] <= TARGETS["taps_overhead"])
        for f in self.results["forward"]:
            if f["model"].startswith("llama2-7b") and f["tokens"] == 256 and f["efficiency_taps_off"] is not None:
                self.target("efficiency_7b_T256", f"forward efficiency, {f['model']}, T = 256, taps off (on)",
                            f"{f['efficiency_taps_off'] * 100:.0f}% ({f['efficiency_taps_on'] * 100:.0f}%)",
                            f"≥ {TARGETS['efficiency_7b_T256'] * 100:.0f}% of GEMM peak",
                            f["efficiency_taps_off"] >= TARGETS["efficiency_7b_T256"])
        # GEMM detail for the largest model measured.
        if gemm:
            # The widest model's shapes at T = 256 (or the longest T measured).
            key = max(gemm, key=lambda k: (k[1] == 256, gemm[k]["shapes"][2]["in"] * gemm[k]["shapes"][2]["out"], k[1]))
            g = gemm[key]
            self.p(f"GEMM rates for the shapes of {key[0]} at T = {key[1]} (best of the repeats, torch matmul, "
                   f"{g['threads']} threads):", "")
            self.table(["matrix", "in × out", "float32 GFLOP/s", "bfloat16 GFLOP/s"],
                       [[s["name"], f"{s['in']} × {s['out']}", f"{s['f32_gflops']:.1f}", f"{s['bf16_gflops']:.1f}"]
                        for s in g["shapes"]])

    def memory_section(self):
        rows = []
        for name, r in self.raw.items():
            if name.startswith("forward__") and name.endswith("__engine") and "llama2-7b-bf16" in name:
                size = sum(os.path.getsize(f) for f in glob.glob(os.path.join(r["model"], "*.safetensors")))
                rows.append((r["peak_rss_bytes"], r["load_rss_bytes"], size, name))
        if not rows:
            return
        peak, load, size, name = max(rows)
        ratio = peak / size
        self.p("## Memory, LLaMa-2-7B shape in bf16", "")
        self.table(["what", "figure"], [
            ["weights file", gb(size)],
            ["resident after loading (memory map, header checks)", f"{gb(load)} = {load / size:.3f} ×"],
            ["peak resident over all its forward runs", f"{gb(peak)} = **{ratio:.3f} ×** (`{name}`)"],
        ])
        self.results["memory_7b"] = {"file_bytes": size, "load_rss_bytes": load, "peak_rss_bytes": peak, "ratio": ratio}
        self.target("memory_7b", "peak resident memory / weights, 7B bf16", f"{ratio:.3f} ×", f"≤ {TARGETS['memory_7b']} ×",
                    ratio <= TARGETS["memory_7b"])

    def svd_section(self):
        rows = []
        for name, r in sorted(self.raw.items()):
            if name.startswith("svd__"):
                rows.append([f"{r['rows']} × {r['cols']}", f"{r['gram_seconds']:.2f} s", f"{r['eigen_seconds']:.2f} s",
                             f"**{r['total_seconds']:.2f} s**", gb(r["peak_rss_bytes"]), r["threads"]])
                self.results.setdefault("svd", []).append(r)
                if r["rows"] == 32000 and r["cols"] == 4096:
                    self.target("svd_4096_s", "SVD bands of 32000 × 4096", f"{r['total_seconds']:.2f} s",
                                f"≤ {TARGETS['svd_4096_s']:.0f} s", r["total_seconds"] <= TARGETS["svd_4096_s"])
        if not rows:
            self.errors.append("no SVD measurement")
            return
        self.p("## SVD bands", "", "float64 Gram matrix of the bf16 rows (`cblas_dsyrk` in blocks) and `LAPACKE_dsyevd`, "
               "then the 20 bands (`spectro-bench-svd`).", "")
        self.table(["matrix", "Gram", "eigen-solver", "total", "peak RSS", "threads"], rows)

    def cache_section(self):
        t = self.raw.get("cache__throughput")
        shares = {n: r for n, r in self.raw.items() if n.startswith("cache__share__")}
        if not t or not shares:
            self.errors.append("no cache measurement")
            return
        self.p("## Tap cache (HDF5)", "", f"Throughput for LLaMa-2-7B-shaped `resid` taps ({t.get('shape', '')}, "
               f"{t['samples']} samples, MB of float32 input):", "")
        rows = []
        for v in t.get("variants", []):
            rows.append([v["variant"], f"{v['file_MB']:.0f} MB", f"{v['write_MBps_best'] / 1e3:.2f} GB/s",
                         f"{v['commit_seconds']:.2f} s", f"{v['read_MBps'] / 1e3:.2f} GB/s", f"{v['read_layer_ms']:.1f} ms"])
        self.table(["storage", "file", "write", "commit", "read", "read one layer"], rows)
        self.results["cache"] = {"throughput": t, "share": shares}
        for name, s in shares.items():
            s = dict(s["run"], samples=s["samples"], tokens=s["tokens"])
            share = s["cache_share_of_forward"]
            self.p(f"Cache share of a run ({name.split('__')[2]}, {s['samples']} samples of {s['tokens']} tokens): "
                   f"**{share * 100:.2f}%** of the forward time.", "")
            self.target("cache_share", f"cache time / forward time, {name.split('__')[2]}", f"{share * 100:.2f}%",
                        f"≤ {TARGETS['cache_share'] * 100:.0f}%", share <= TARGETS["cache_share"])

    def refilter_section(self):
        rows = []
        for name, r in sorted(self.raw.items()):
            if not name.startswith("refilter__"):
                continue
            _, label, shape, thr = name.split("__")
            rows.append([label, shape, f"{r['threads']} × {r.get('passes', 1)}", f"{r['cache_write_s'] * 1e3:.1f} / {r['cache_read_s'] * 1e3:.1f} ms",
                         f"{r['point_p50_ms']:.1f} / **{r['point_p95_ms']:.1f}** ms",
                         f"{r['naive_point_p50_ms']:.1f} / {r['naive_point_p95_ms']:.1f} ms",
                         f"{r['sweep_s']:.2f} s", f"{r['naive_sweep_s']:.2f} s", f"{r['sweep_speedup']:.2f} ×"])
            self.results.setdefault("refilter", []).append(dict(r, label=label, shape=shape, thread_choice=thr))
            # The slider's case: the sample in view. 8 x 256 is what a sweep re-filters per point.
            if thr == "auto" and not label.startswith("llama2") and shape.startswith("1x"):
                self.target("refilter_p95_ms", f"one re-filtered point from the cache, {label}, {shape}",
                            f"{r['point_p95_ms']:.1f} ms", f"≤ {TARGETS['refilter_p95_ms']:.0f} ms",
                            r["point_p95_ms"] <= TARGETS["refilter_p95_ms"])
        if not rows:
            self.errors.append("no re-filter measurement")
            return
        self.p("## Re-filtering from the cache", "",
               "Phi_u (k = 19) at the exit of the middle layer, restarted from the stream read back from an HDF5 "
               "cache; naive = the same point from the embeddings. Sweep = all layers × k = 1..20. *Threads × passes*: "
               "compute threads per forward pass × passes side by side (the engine's rule, *auto*: one thread for "
               "d ≤ 256, and then the samples are split over the idle cores). The slider's case, and the target's, is "
               "the sample in view (1 × 256); 8 × 256 is what `sweep` re-filters per point by default.", "")
        self.table(["model", "samples × T", "threads × passes", "cache write / read", "point p50 / p95", "naive point p50 / p95",
                    "sweep", "naive sweep", "speed-up"], rows)

    def build(self, command):
        self.p("# Benchmark report", "", f"Made by `{command}` in one run"
               + (" (smoke run: tiny sizes, figures not meaningful)" if self.smoke else "") + ".", "")
        self.machine_section()
        self.forward_section()
        self.memory_section()
        self.svd_section()
        self.cache_section()
        self.refilter_section()
        if self.targets:
            self.p("## Targets", "")
            self.table(["target", "measured", "limit", "met"],
                       [[t["what"], t["measured"], t["limit"], "yes" if t["met"] else "**no**"] for t in self.targets])
        return "\n".join(self.lines) + "\n"


def arguments(default_command):
    """The command line of a report script: `machine [--build DIR]` or `report RAW --json F --markdown F
    [--command C]`; returns the parser and the `report` sub-parser, for a script's own options."""
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("machine")
    m.add_argument("--build", default="")
    r = sub.add_parser("report")
    r.add_argument("raw")
    r.add_argument("--json", required=True)
    r.add_argument("--markdown", required=True)
    r.add_argument("--command", default=default_command)
    return ap, r


def write_outputs(files):
    """(path, text) pairs, each written to PATH.part and renamed over PATH when complete."""
    for path, content in files:
        with open(path + ".part", "w") as f:
            f.write(content)
        os.replace(path + ".part", path)


def main():
    ap, r = arguments("bench/run-benchmarks.sh")
    r.add_argument("--smoke", action="store_true")
    a = ap.parse_args()
    if a.cmd == "machine":
        print(json.dumps(machine(a.build), indent=2))
        return 0
    raw = load_raw(a.raw)
    rep = Report(raw, a.smoke)
    text = rep.build(a.command)
    raw.get("machine", {})["load_average_end"] = os.getloadavg()
    write_outputs(((a.markdown, text), (a.json, json.dumps({"machine": raw.get("machine"), "results": rep.results,
                                                             "targets": rep.targets, "raw": raw}, indent=1))))
    for e in rep.errors:
        print(f"error: {e}", file=sys.stderr)
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
