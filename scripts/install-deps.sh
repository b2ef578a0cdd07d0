#!/usr/bin/env bash
# Installs Spectroscope's build and test dependencies from Debian 12's packages, if missing.
# --fuzz adds what the libFuzzer targets need (clang-14 and its runtime libraries, which hold
# libclang_rt.fuzzer): only CI's fuzz pass and fuzz/run-fuzzers.sh use them.
# python3-torch and python3-numpy run the benchmarks' PyTorch peer (bench/peer/); the bench smoke
# test runs it, so CI installs them too. Uses sudo when not root. Safe to run repeatedly: it does
# nothing when all are present.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
  libqcustomplot-dev libqcustomplot2.1-qt6 libtorch-dev
  libeigen3-dev libopenblas-dev liblapacke-dev libhdf5-dev libsentencepiece-dev
  nlohmann-json3-dev xvfb xauth hdf5-tools
  python3-torch python3-numpy
)

if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "error: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
