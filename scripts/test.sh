#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through ctest.
# The tests read the shared models and corpora from ../shared beside the checkout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build="${SPECTRO_BUILD_DIR:-$root/build}"
export QT_QPA_PLATFORM=offscreen
cd "$build"
ctest --output-on-failure --timeout 900 -LE bench "$@"
