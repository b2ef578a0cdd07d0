#!/usr/bin/env bash
# Runs the CPU/GPU equality test (tests/device/test_gpu_equality.cpp) in a build made by
# scripts/gpu-build.sh and keeps its output: every tap of every test model on the GPU against the
# CPU, within 1e-5 relative. docs/gpu-equality.log is such a log from an H200.
#
#   scripts/gpu-test.sh [BUILD_DIR] [LOG]     (defaults: build-gpu, BUILD_DIR/gpu-equality.log)
#
# The shared test models are found in ../shared beside the checkout, or in $SPECTRO_SHARED_DIR.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build-gpu}"
log="${2:-$build/gpu-equality.log}"
{
  echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || echo 'no nvidia-smi')"
  echo "# source $(cat "$root/.staged-from" 2>/dev/null || git -C "$root" rev-parse --short HEAD)"
  "$build/tests/device/test_gpu_equality"
} 2>&1 | tee "$log"
