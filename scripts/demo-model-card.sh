#!/usr/bin/env bash
# Recomputes the measurements and figures of docs/demo-model.md with the project's own tools:
# spectroscope-cli writes CSV tables to docs/demo-model/, spectroscope-plot draws them to
# docs/images/demo-*.png.
# Usage: scripts/demo-model-card.sh [MODEL_DIR]   (default resources/models/demo; after scripts/build.sh)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SPECTRO_BUILD_DIR:-$root/build}"
model="${1:-$root/resources/models/demo}"
cli="$build/app/cli/spectroscope-cli"
plot="$build/app/plot/spectroscope-plot"
corpora="${SPECTRO_SHARED_DIR:-$root/../shared}/corpora"
data="$root/docs/demo-model"
figs="$root/docs/images"
mkdir -p "$data" "$figs"
export QT_QPA_PLATFORM=offscreen
stories="$corpora/tinystories_validation_first_stories.txt"

# Loss curve as the trainer logged it (training loss per step, held-out loss every 50 steps).
"$plot" lines "$model/loss.csv" --x step --y loss,held_out_loss \
  --title "Demo model: next-token loss (nats)" --out "$figs/demo-loss.png"

# BoS sink: mean attention to position 0 from queries at positions >= 16, head-averaged.
"$cli" sink "$model" --text "$stories" --max-samples 32 > "$data/sink-stories.csv"
"$cli" sink "$model" --text "$stories" --max-samples 32 --per-head > "$data/sink-stories-per-head.csv"
"$cli" sink "$model" --text "$corpora/HumanEval.jsonl" --field prompt --max-samples 64 > "$data/sink-humaneval.csv"

# Phi_u sweep: NLL with W_u's bands k+1..N removed at the exit of each layer.
"$cli" sweep "$model" --text "$stories" --samples 16 --filter phi-u --out "$data/sweep-phi-u.csv"
"$plot" sweep "$data/sweep-phi-u.csv" --out "$figs/demo-sweep-phi-u.png"

# How the sink grew during training (largest layer value on the held-out windows, every 50 steps).
"$plot" lines "$model/loss.csv" --x step --y bos_sink_max \
  --title "Demo model: BoS sink of its strongest layer during training" --out "$figs/demo-sink-growth.png"
