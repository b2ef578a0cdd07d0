#!/usr/bin/env bash
# Recomputes the attention-sink figures of docs/science.md ("Beyond the paper"): sink rate,
# massive activations, the extreme-token triad, secondary sinks, and the sink controls (sweep and
# generation) for the demo model, stories260K and babyllama, with spectroscope-cli only. JSON and
# CSV go to docs/science/data. Called by scripts/science-figures.sh; runs alone as well.
# Usage: scripts/sink-figures.sh [BUILD_DIR]     SPECTRO_SINKS_7B=1 also measures a 7B-shaped
# synthetic cache (random bf16 weights, one layer; about 1 GB of disk and a 32000 x 4096 SVD).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-${SPECTRO_BUILD_DIR:-$root/build}}"
cli="$build/app/cli/spectroscope-cli"
shared="$root/../shared"
data="$root/docs/science/data"
mkdir -p "$data"
export SPECTRO_CACHE_DIR="${SPECTRO_CACHE_DIR:-$build/spectra-cache}"
stories="$shared/corpora/tinystories_validation_first_stories.txt"
text=(--text "$stories" --samples 8)

source "$root/scripts/science-models.sh"

for name in "${!models[@]}"; do
  model="${models[$name]}"
  echo "== $name (sinks)"
  # Gu et al.: T = 64, eps = 0.3 (their defaults), per position, layer and head.
  "$cli" sink-rate "$model" "${text[@]}" --tokens 64 --rates "$data/$name-sink-rates.csv" --summary \
    > "$data/$name-sink-rate.json" 2>/dev/null
  # Sun et al.'s thresholds, then ones scaled to these small models (the ratio is what matters).
  "$cli" massive "$model" "${text[@]}" --max-tokens 256 --top 3 --summary > "$data/$name-massive.json" 2>/dev/null
  "$cli" massive "$model" "${text[@]}" --max-tokens 256 --top 3 --above 1 --ratio 10 --summary \
    > "$data/$name-massive-relative.json" 2>/dev/null
  "$cli" triad "$model" "${text[@]}" --max-tokens 256 --summary > "$data/$name-triad.json" 2>/dev/null
  "$cli" secondary-sinks "$model" "${text[@]}" --max-tokens 256 --summary > "$data/$name-secondary-sinks.json" 2>/dev/null

  # Controls (Sun et al.): one row per layer; massive-* with the scaled thresholds.
  out="$data/$name-controls.csv"
  : > "$out"
  for control in bos-zero bos-mean bos-position-mean massive-zero massive-mean massive-position-mean; do
    "$cli" sweep "$model" "${text[@]}" --max-tokens 256 --control "$control" --massive-above 1 --massive-ratio 10 \
      --out "$build/sink-control.csv" 2>/dev/null
    if [[ -s "$out" ]]; then tail -n +3 "$build/sink-control.csv" >> "$out"; else cat "$build/sink-control.csv" >> "$out"; fi
  done

  gen="$data/$name-control-generations.txt"
  : > "$gen"
  for spec in "none" "bos-zero" "bos-mean" "bos-position-mean" "massive-zero"; do
    if [[ "$spec" == none ]]; then args=(); else args=(--control "$spec" --layer 0 --massive-above 1 --massive-ratio 10); fi
    if [[ "$spec" == none ]]; then printf '[none] ' >> "$gen"; else printf '[%s at the exit of layer 0] ' "$spec" >> "$gen"; fi
    "$cli" generate "$model" --prompt "Once upon a time" --steps 60 "${args[@]}" 2> >(grep repetition >> "$gen") >> "$gen"
    sleep 0.2  # let the stderr of the process substitution land before the next header
  done
done

if [[ "${SPECTRO_SINKS_7B:-0}" == 1 ]]; then
  echo "== 7B-shaped synthetic cache (sinks)"
  synth="$build/synth-7b-1layer"
  [[ -d "$synth" ]] || "$cli" synth --shape llama2-7b --layers 1 --dtype bf16 --quiet \
    --tokenizer "$shared/models/llama2-tokenizer/tokenizer.model" "$synth"
  cache="$build/synth-7b-sinks.h5"
  "$cli" run "$synth" --text "$stories" --samples 2 --max-tokens 64 --taps resid,attn --out "$cache" --force > /dev/null
  for verb in sink-rate massive triad secondary-sinks; do
    "$cli" "$verb" --cache "$cache" --model "$synth" --summary > "$data/synth7b-$verb.json" 2>/dev/null
  done
fi
echo "sink tables in $data"
