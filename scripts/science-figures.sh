#!/usr/bin/env bash
# Recomputes every figure of docs/science.md with the project's own tools: spectroscope-cli
# writes CSV tables to docs/science/data, spectroscope-plot draws them to docs/images/science.
# Usage: scripts/science-figures.sh [BUILD_DIR]   (after scripts/build.sh; ../shared beside the clone)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-${SPECTRO_BUILD_DIR:-$root/build}}"
cli="$build/app/cli/spectroscope-cli"
plot="$build/app/plot/spectroscope-plot"
shared="$root/../shared"
data="$root/docs/science/data"
figs="$root/docs/images/science"
mkdir -p "$data" "$figs"
export QT_QPA_PLATFORM=offscreen
export SPECTRO_CACHE_DIR="${SPECTRO_CACHE_DIR:-$build/spectra-cache}"
stories="$shared/corpora/tinystories_validation_first_stories.txt"

source "$root/scripts/science-models.sh"

for name in "${!models[@]}"; do
  model="${models[$name]}"
  echo "== $name"
  "$cli" spectrum "$model" --matrix unembed --out "$data/$name-spectrum-unembed.csv"
  "$cli" spectrum "$model" --matrix embed --out "$data/$name-spectrum-embed.csv"
  "$plot" spectrum "$data/$name-spectrum-unembed.csv" "$data/$name-spectrum-embed.csv" --labels "W_u,W_e" \
    --title "$name: singular values (shaded: band 20 of W_u)" --out "$figs/$name-spectrum.png"

  last=$(( $("$cli" info "$model" | sed -n 's/.*"n_layers": \([0-9]*\).*/\1/p') - 1 ))
  for layer in 0 "$last"; do
    "$cli" aptitude "$model" --matrix wo --layer "$layer" --out "$data/$name-aptitude-wo-l$layer.csv"
    "$plot" aptitude "$data/$name-aptitude-wo-l$layer.csv" --title "$name: W_o write aptitude per head, layer $layer" \
      --out "$figs/$name-aptitude-wo-l$layer.png"
  done
  "$cli" aptitude "$model" --matrix w2 --layer 0 --out "$data/$name-aptitude-w2-l0.csv"
  "$plot" aptitude "$data/$name-aptitude-w2-l0.csv" --title "$name: W_2 write aptitude per neuron, layer 0" \
    --out "$figs/$name-aptitude-w2-l0.png"

  for filter in phi-u phi-e psi omega-u random; do
    "$cli" sweep "$model" --text "$stories" --samples 8 --max-tokens 256 --filter "$filter" \
      --out "$data/$name-sweep-$filter.csv" 2> >(tail -1 >&2)
    "$plot" sweep "$data/$name-sweep-$filter.csv" --out "$figs/$name-sweep-$filter.png"
  done
  # Swap vs deletion (paper, swap experiment): the filtered-out part replaced by another sample's.
  "$cli" sweep "$model" --text "$stories" --samples 8 --max-tokens 256 --filter phi-u --swap \
    --out "$data/$name-sweep-phi-u-swap.csv" 2> >(tail -1 >&2)
  "$cli" sweep "$model" --text "$stories" --samples 8 --max-tokens 256 --filter phi-u --positions bos \
    --out "$data/$name-sweep-phi-u-bos.csv" 2> >(tail -1 >&2)
  for layer in 1 "$last"; do
    "$plot" sweep-lines "$data/$name-sweep-phi-u.csv" "$data/$name-sweep-phi-u-swap.csv" "$data/$name-sweep-phi-u-bos.csv" \
      --labels "delete (all positions),swap (all positions),delete at BoS only" --layer "$layer" \
      --title "$name: Phi_u at the exit of layer $layer" --out "$figs/$name-swap-l$layer.png"
  done

  "$cli" bos "$model" --text "$stories" --out "$data/$name-bos.csv"
  "$plot" bos "$data/$name-bos.csv" --title "$name: the BoS stream, U-dark and U-light" --out "$figs/$name-bos.png"

  cache="$build/science-$name.h5"
  "$cli" run "$model" --text "$stories" --samples 8 --max-tokens 256 --taps resid,attn --out "$cache" --force > /dev/null
  # The test models have 5 layers: HMLV counts from layer 1 on (the paper's 13B excludes 0-3 of 40).
  "$cli" analyze "$cache" --hmlv-first-layer 1 --summary "$data/$name-hmlv.csv" --scatter "$build/science-$name-scatter.csv"
  "$plot" hmlv "$data/$name-hmlv.csv" --title "$name: U-dark ratio of HMLV tokens vs the rest" --out "$figs/$name-hmlv.png"
  "$cli" attention "$model" --text "$stories" --samples 8 --max-tokens 256 --out "$build/science-$name-attention.csv"

  gen="$data/$name-generations.txt"
  : > "$gen"
  for spec in "none" "phi-u --k 19" "psi --k 19" "omega-u --k 10" "phi-u --k 10"; do
    if [[ "$spec" == none ]]; then args=(); else read -r -a args <<< "--filter $spec --layer 1"; fi
    printf '[%s]\n' "${spec}" >> "$gen"
    "$cli" generate "$model" --prompt "Once upon a time" --steps 60 "${args[@]}" >> "$gen"
  done
done
# The attention-sink measurements of the follow-up literature (docs/science.md, "Beyond the paper").
"$root/scripts/sink-figures.sh" "$build"
echo "figures in $figs, tables in $data"
