#!/usr/bin/env bash
# The benchmark suite: one run measures every figure docs/performance.md quotes, each against its
# reference in the same run (the PyTorch peer, the GEMM peak, the file size, naive recomputation),
# and writes OUT/raw/*.json, OUT/results.json and OUT/report.md (Markdown, machine described).
#
#   bench/run-benchmarks.sh [--smoke] [--build DIR] [--out DIR] [--data DIR]
#
# --smoke   seconds-long run on stories260K only (a ctest test, so the suite never rots)
# --data    where converted and synthetic checkpoints are kept between runs (default BUILD/bench-data);
#           $SPECTRO_BENCH_7B / $SPECTRO_BENCH_7B_2L name existing 7B-shaped synth directories.
# The full run needs ../shared beside the checkout, python3-torch, about 17 GB of free disk for
# the synthetic 7B checkpoints (made once) and takes 30-40 minutes on a 2-core machine.
set -euo pipefail
shopt -s inherit_errexit
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build"
out=""
data=""
smoke=0
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --build) build="$2"; shift ;;
    --out) out="$2"; shift ;;
    --data) data="$2"; shift ;;
    *) echo "usage: $0 [--smoke] [--build DIR] [--out DIR] [--data DIR]" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$out" ] || out="$build/bench/$([ $smoke = 1 ] && echo smoke || echo full)"
[ -n "$data" ] || data="$build/bench-data"
# Debian's python3 holds python3-torch; a python3 earlier on PATH (pyenv, venv) may not.
python="${PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3 )}"
bin="$build/bench"
cli="$build/app/cli/spectroscope-cli"
shared="$root/../shared"
for f in "$bin/spectro-bench-forward" "$cli"; do
  [ -x "$f" ] || { echo "error: $f is missing: build first (scripts/build.sh)" >&2; exit 1; }
done
[ -d "$shared/models" ] || { echo "error: $shared/models is missing (../shared beside the checkout)" >&2; exit 1; }
"$python" -c "import torch, numpy" 2>/dev/null ||
  { echo "error: $python cannot import torch and numpy (apt-get install python3-torch python3-numpy)" >&2; exit 1; }

rm -rf "$out/raw"
mkdir -p "$out/raw" "$data"
raw="$out/raw"
threads="$(nproc)"
"$python" "$root/bench/report.py" machine --build "$build" > "$raw/machine.json"

# measure NAME COMMAND...: the command's JSON goes to raw/NAME.json.
measure() {
  local name="$1"; shift
  echo "[bench] $name" >&2
  "$@" > "$raw/$name.json.part"
  mv "$raw/$name.json.part" "$raw/$name.json"
}

# Test models as Hugging Face directories, so that the engine and the peer read the same files.
hf_model() {  # LABEL SOURCE [TOKENIZER]
  local dir="$data/$1"
  if [ ! -f "$dir/config.json" ]; then
    rm -rf "$dir.part"
    "$cli" convert "$2" "$dir.part" --to hf ${3:+--tokenizer "$3"} >/dev/null
    mv "$dir.part" "$dir"
  fi
  echo "$dir"
}
synth_model() {  # LABEL OVERRIDE SYNTH-OPTIONS...
  local label="$1" override="$2"; shift 2
  if [ -n "$override" ]; then echo "$override"; return; fi
  local dir="$data/$label"
  if [ ! -f "$dir/config.json" ]; then
    rm -rf "$dir.part"
    "$cli" synth "$@" --quiet "$dir.part" >&2
    mv "$dir.part" "$dir"
  fi
  echo "$dir"
}

stories="$(hf_model stories260K "$shared/models/stories260K/stories260K.bin" "$shared/models/stories260K/tok512.model")"
if [ $smoke = 1 ]; then
  models=("stories260K:$stories")
  lengths=(32)
  repeats=2
else
  baby="$(hf_model babyllama "$shared/models/babyllama-tok105/model5000.bin" "$shared/models/babyllama-tok105/tok105.model")"
  s2="$(synth_model llama2-7b-2l-f32 "${SPECTRO_BENCH_7B_2L:-}" --shape llama2-7b --layers 2 --dtype f32)"
  s32="$(synth_model llama2-7b-bf16 "${SPECTRO_BENCH_7B:-}" --shape llama2-7b --dtype bf16)"
  models=("demo:$root/resources/models/demo" "stories260K:$stories" "babyllama:$baby"
          "llama2-7b-2l-f32:$s2" "llama2-7b-bf16:$s32")
  lengths=(128 256 512)
  # 1-2 s a pass for the 2-layer 7B: 4 warm passes, so that one slow pass cannot move the median
  # (with 2, one 1.45 s pass among 1.08 s ones made a 0.87 x row).
  repeats=5
fi

# GEMM peak for each model's shapes, then the forward with taps off and on, engine and peer
# alternating so that both see the same machine state. Both use every core ($threads).
for entry in "${models[@]}"; do
  label="${entry%%:*}" path="${entry#*:}"
  read -r context dim < <("$python" -c "import json,sys; c=json.load(open(sys.argv[1])); print(c['max_position_embeddings'], c['hidden_size'])" "$path/config.json")
  for T in "${lengths[@]}"; do
    if [ "$T" -gt "$context" ]; then echo "[bench] $label: T=$T exceeds its context $context, skipped" >&2; continue; fi
    measure "gemm__${label}__T${T}" "$bin/spectro-bench-gemm" "$path" --tokens "$T" --repeats $((smoke ? 1 : 5))
    for taps in none all; do
      # The engine picks its threads by model size (adaptThreadsToModel); the peer runs with
      # every core and, for small models, with one as well, and its faster run is the reference.
      # The 32-layer 7B takes 10-60 s a pass: one cold pass and one warm pass.
      # Narrow models take milliseconds a pass: 12 passes, so that the median is not noise.
      r=$repeats; [ "$label" = llama2-7b-bf16 ] && r=2; [ "$dim" -le 256 ] && [ $smoke = 0 ] && r=12
      measure "forward__${label}__T${T}__${taps}__engine" \
        "$bin/spectro-bench-forward" "$path" --tokens "$T" --repeats "$r" --taps "$taps"
      for n in $( [ "$dim" -le 256 ] && [ "$threads" -gt 1 ] && echo "1 $threads" || echo "$threads"); do
        measure "forward__${label}__T${T}__${taps}__peer-t$n" env OMP_NUM_THREADS="$n" OPENBLAS_NUM_THREADS="$n" \
          "$python" "$root/bench/peer/peer_forward.py" "$path" --tokens "$T" --repeats "$r" --taps "$taps" --threads "$n"
      done
    done
  done
done

# SVD bands, the tap cache and re-filtering.
if [ $smoke = 1 ]; then
  measure "svd__512x64" "$bin/spectro-bench-svd" --rows 512 --cols 64 --threads "$threads"
  measure "cache__throughput" "$bin/spectro-bench-cache" --tokens 8 --samples 1 --dir "$out"
  measure "cache__share__stories260K" "$bin/spectro-bench-cache" --model "$stories" --tokens 32 --samples 2 --dir "$out"
  measure "refilter__stories260K__1x32__auto" "$bin/spectro-bench-refilter" "$stories" 1 32 3 0
else
  for cols in 4096 5120; do
    measure "svd__32000x$cols" "$bin/spectro-bench-svd" --rows 32000 --cols "$cols" --threads "$threads"
  done
  measure "cache__throughput" "$bin/spectro-bench-cache" --tokens 256 --samples 4 --dir "$out"
  measure "cache__share__llama2-7b-bf16" "$bin/spectro-bench-cache" --model "$s32" --tokens 256 --samples 3 --dir "$out"
  for entry in "demo:$root/resources/models/demo" "stories260K:$stories" "babyllama:$baby"; do
    label="${entry%%:*}" path="${entry#*:}"
    for n in 1 8; do
      measure "refilter__${label}__${n}x256__auto" "$bin/spectro-bench-refilter" "$path" "$n" 256 50 0
      measure "refilter__${label}__${n}x256__threads${threads}" "$bin/spectro-bench-refilter" "$path" "$n" 256 50 "$threads"
    done
  done
  measure "refilter__llama2-7b-2l-f32__1x128__auto" "$bin/spectro-bench-refilter" "$s2" 1 128 10 0
fi

"$python" "$root/bench/report.py" report "$raw" --json "$out/results.json" --markdown "$out/report.md" \
  --command "bench/run-benchmarks.sh$([ $smoke = 1 ] && echo ' --smoke')" $([ $smoke = 1 ] && echo --smoke)
echo "[bench] report: $out/report.md" >&2
