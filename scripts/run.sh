#!/usr/bin/env bash
# Installs what is missing, builds Release, and starts the Spectroscope GUI, whose start page opens
# the demo model the project trains itself (resources/models/demo, docs/demo-model.md) and its demo
# corpus in one click. Arguments are passed to the app (e.g. a model, cache or session to open).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build="${SPECTRO_BUILD_DIR:-$root/build}"
export SPECTRO_DEFAULT_MODEL="${SPECTRO_DEFAULT_MODEL:-$root/resources/models/demo}"
exec "$build/app/gui/spectroscope" "$@"
