#!/usr/bin/env bash
# Configures and builds Spectroscope (Release by default) into build/ or $SPECTRO_BUILD_DIR.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SPECTRO_BUILD_DIR:-$root/build}"
type="${SPECTRO_BUILD_TYPE:-Release}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
cmake --build "$build" --parallel "$(nproc)"
