#!/usr/bin/env bash
# Installs what is missing, builds Release, and starts the Spectroscope GUI. Arguments are passed
# to the app (e.g. a model path).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build="${SPECTRO_BUILD_DIR:-$root/build}"
exec "$build/app/gui/spectroscope" "$@"
