#!/usr/bin/env bash
# The GPU figures of docs/performance.md ("On a GPU"), from one run on one GPU, each against its
# reference in the same run: LLaMa-2-7B- and 13B-shaped bf16 checkpoints (random weights, `synth`)
# through the engine (split-bf16 and float32 GEMMs) and through the PyTorch peer on the same GPU,
# with every tap at T = 256 and 1024 and with the residual stream at T = 4096; the GEMM rates of
# the models' shapes (float32, bf16, split-bf16) that the forward is measured against; a full
# Phi_u sweep of the 7B shape (32 layers x k = 1..20) over 8 x 256 tokens.
#
#   bench/run-gpu-benchmarks.sh [--build DIR] [--out DIR] [--data DIR] [--device DEV]
#                               [--parts gemm,7b,sweep,13b] [--deadline SECONDS] [--smoke] [--synth-only]
#
# --build     a build from scripts/gpu-build.sh (default build-gpu)
# --data      where the synthetic checkpoints are written (7B: 13.5 GB, 13B: 26 GB; made once)
# --deadline  start no measurement later than this many seconds after the start (what was left
#             out is listed in OUT/skipped.txt), so that a run on a lent machine ends in time
# --smoke     seconds on a CPU: 1-layer 7B-shaped model, T = 32/64 (tries the script and the report)
# --synth-only  write the checkpoints the parts need and stop (to overlap it with other work)
# Writes OUT/raw/*.json, OUT/results-gpu.json and OUT/report-gpu.md. A failed measurement is
# logged (OUT/raw/NAME.err) and the run goes on.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-gpu"
out=""
data=""
device="cuda"
parts="gemm,7b,sweep,13b"
deadline=0
smoke=0
synth_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift ;;
    --out) out="$2"; shift ;;
    --data) data="$2"; shift ;;
    --device) device="$2"; shift ;;
    --parts) parts="$2"; shift ;;
    --deadline) deadline="$2"; shift ;;
    --smoke) smoke=1 ;;
    --synth-only) synth_only=1 ;;
    *) echo "usage: $0 [--build DIR] [--out DIR] [--data DIR] [--device DEV] [--parts LIST] [--deadline S] [--smoke]" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$out" ] || out="$build/bench/gpu"
[ -n "$data" ] || data="$build/gpu-bench-data"
python="${PYTHON:-python3}"
bin="$build/bench"
cli="$build/app/cli/spectroscope-cli"
for f in "$bin/spectro-bench-forward" "$bin/spectro-bench-gemm" "$bin/spectro-bench-refilter" "$cli"; do
  [ -x "$f" ] || { echo "error: $f is missing: build first (scripts/gpu-build.sh)" >&2; exit 1; }
done
raw="$out/raw"
mkdir -p "$raw" "$data"
: > "$out/skipped.txt"
started=$SECONDS
has() { [[ ",$parts," == *",$1,"* ]]; }
log() { echo "[gpu-bench $((SECONDS - started))s] $*" >&2; }

[ $synth_only = 1 ] || "$python" "$root/bench/report_gpu.py" machine --build "$build" > "$raw/machine.json"

# measure NAME COMMAND...: stdout to raw/NAME.json, stderr to raw/NAME.err, the GPU's memory in
# use sampled every 100 ms to raw/NAME.mem (one process on the GPU at a time: its peak).
measure() {
  local name="$1"; shift
  if [ "$deadline" -gt 0 ] && [ $((SECONDS - started)) -ge "$deadline" ]; then
    log "$name: skipped (deadline ${deadline}s)"
    echo "$name" >> "$out/skipped.txt"
    return
  fi
  log "$name"
  local sampler=""
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 100 > "$raw/$name.mem" 2>/dev/null &
    sampler=$!
  fi
  local t=$SECONDS
  if "$@" > "$raw/$name.json.part" 2> "$raw/$name.err"; then
    mv "$raw/$name.json.part" "$raw/$name.json"
    log "$name: $((SECONDS - t)) s"
  else
    log "$name: FAILED after $((SECONDS - t)) s: $(tail -1 "$raw/$name.err")"
  fi
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null && wait "$sampler" 2>/dev/null
  return 0
}

# Synthetic checkpoints are written in the background (one core each) while the GEMMs are timed.
declare -A synth_pid
synth() {  # LABEL SYNTH-OPTIONS...
  local label="$1"; shift
  if [ -f "$data/$label/config.json" ]; then return; fi
  rm -rf "$data/$label.part"
  ( "$cli" synth "$@" --quiet "$data/$label.part" && mv "$data/$label.part" "$data/$label" ) &
  synth_pid[$label]=$!
}
ready() {  # LABEL: waits for its synth; false if it failed
  local label="$1"
  if [ -n "${synth_pid[$label]:-}" ]; then wait "${synth_pid[$label]}" || true; unset "synth_pid[$label]"; fi
  [ -f "$data/$label/config.json" ] || { log "$label: no checkpoint (synth failed)"; echo "$label (synth)" >> "$out/skipped.txt"; return 1; }
}

if [ $smoke = 1 ]; then
  runs="32:none,32:all,64:resid"; host_runs="32:all"; lengths="32 64"; repeats=2
  models=("7b:--shape llama2-7b --layers 1")
  [[ ",$parts," == *",13b,"* ]] && models+=("13b:--shape llama2-13b --layers 1")
  sweep_samples=2; sweep_tokens=32
else
  runs="256:none,256:all,1024:none,1024:all,4096:resid"; host_runs="256:all,1024:all"; lengths="256 1024 4096"; repeats=3
  models=("7b:--shape llama2-7b" "13b:--shape llama2-13b")
  sweep_samples=8; sweep_tokens=256
fi
for entry in "${models[@]}"; do
  size="${entry%%:*}"
  has "$size" || { [ "$size" = 7b ] && has sweep; } || has gemm || continue
  synth "llama2-$size-bf16" ${entry#*:} --dtype bf16
done

if [ $synth_only = 1 ]; then
  for label in "${!synth_pid[@]}"; do ready "$label"; done
  exit 0
fi

gemm() {  # LABEL: the GEMM rates its forward is measured against
  local label="$1"
  for T in $lengths; do
    measure "gemm__${label}__T$T" "$bin/spectro-bench-gemm" "$data/$label" --tokens "$T" --repeats 3 --device "$device"
  done
}
forward() {  # LABEL: the engine (split-bf16, then float32) and the peer (taps kept on the GPU, then copied to the host)
  local label="$1" path="$data/$1"
  measure "forward__${label}__engine-split-bf16" "$bin/spectro-bench-forward" "$path" --device "$device" --gemm split-bf16 \
    --runs "$runs" --repeats "$repeats"
  measure "forward__${label}__peer-device" "$python" "$root/bench/peer/peer_forward.py" "$path" --device "$device" \
    --runs "$runs" --repeats "$repeats" --keep device
  measure "forward__${label}__engine-f32" "$bin/spectro-bench-forward" "$path" --device "$device" --gemm f32 \
    --runs "$runs" --repeats "$repeats"
  measure "forward__${label}__peer-host" "$python" "$root/bench/peer/peer_forward.py" "$path" --device "$device" \
    --runs "$host_runs" --repeats "$repeats" --keep host
}

# 7B first (GEMMs, forward, sweep), then 13B: with a deadline, the 7B figures are the ones kept.
if has gemm && ready llama2-7b-bf16; then gemm llama2-7b-bf16; fi
if has 7b && ready llama2-7b-bf16; then forward llama2-7b-bf16; fi
if has sweep && ready llama2-7b-bf16; then
  measure "sweep__llama2-7b-bf16__${sweep_samples}x${sweep_tokens}" "$bin/spectro-bench-refilter" "$data/llama2-7b-bf16" \
    "$sweep_samples" "$sweep_tokens" 5 0 --device "$device" --no-naive-sweep
fi
if has 13b || has gemm; then
  if ready llama2-13b-bf16; then
    has gemm && gemm llama2-13b-bf16
    has 13b && forward llama2-13b-bf16
  fi
fi

"$python" "$root/bench/report_gpu.py" report "$raw" --json "$out/results-gpu.json" --markdown "$out/report-gpu.md" \
  --skipped "$out/skipped.txt" --command "bench/run-gpu-benchmarks.sh$([ $smoke = 1 ] && echo ' --smoke')"
log "report: $out/report-gpu.md"
