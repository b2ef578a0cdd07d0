#!/usr/bin/env bash
# Builds the engine, the CLI, the CPU/GPU equality test and the benchmarks against a CUDA
# libtorch, on a GPU machine: by default the libtorch inside the Python package `torch`
# (`python3 -c 'import torch; print(torch.utils.cmake_prefix_path)'`), or the one $Torch_DIR
# names (an official libtorch download: .../libtorch/share/cmake/Torch). No GUI and no Qt Test
# suite (Qt is not needed there); HDF5, OpenBLAS/LAPACKE, SentencePiece and nlohmann-json must be
# installed (or unpacked: see README, "On a GPU").
#
#   scripts/gpu-build.sh [BUILD_DIR]       (default build-gpu)
#
# Prints what it found first (compilers, CMake, CUDA, torch, the libraries), so that a log of a
# failed build says why. Then: scripts/gpu-test.sh BUILD_DIR, bench/run-gpu-benchmarks.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build-gpu}"
python="${PYTHON:-python3}"

echo "== machine"
uname -srm
nproc
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || echo "nvidia-smi: none"
# The system's compiler, which links libstdc++ as a shared library as libtorch does (the H200
# machine's environment names another one in $CXX, /opt/gcc, which links it statically: a second
# libstdc++ in the process beside libtorch's). SPECTRO_CXX / SPECTRO_CC choose another compiler.
# (PyTorch's pip libtorch also exports its own std::filesystem, whose remove_all crashes when called
# from another binary: see tests/device/test_gpu_equality.cpp's removeTree.)
if [ -n "${SPECTRO_CXX:-}" ]; then export CXX="$SPECTRO_CXX" CC="${SPECTRO_CC:-${CC:-cc}}"
elif [ -x /usr/bin/g++ ]; then export CXX=/usr/bin/g++ CC=/usr/bin/gcc; fi
echo "== tools"
echo "compiler ${CXX:-$(command -v c++)}"
cmake --version | head -1
ninja --version
c++ --version | head -1
nvcc="$(command -v nvcc || ls /usr/local/cuda/bin/nvcc 2>/dev/null || true)"
[ -n "$nvcc" ] && "$nvcc" --version | tail -1 || echo "nvcc: none (torch's CMake files need the CUDA compiler)"
echo "== libraries"
for p in hdf5 openblas lapacke sentencepiece; do
  printf '%-14s %s\n' "$p" "$(pkg-config --modversion "$p" 2>/dev/null || echo MISSING)"
done
ls /usr/include/nlohmann/json.hpp >/dev/null 2>&1 && echo "nlohmann-json  present" || echo "nlohmann-json  MISSING"

if [ -z "${Torch_DIR:-}" ]; then
  prefix="$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)')"
  Torch_DIR="$prefix/Torch"
fi
echo "== torch: $Torch_DIR"
"$python" -c 'import torch; print("torch", torch.__version__, "CUDA", torch.version.cuda, "GPUs", torch.cuda.device_count())' || true

# nvcc on PATH for torch's CUDA CMake files; only the host C++ is compiled (no CUDA sources), so
# the GPU architecture list just keeps torch's files from probing for one.
[ -n "$nvcc" ] && export PATH="$(dirname "$nvcc"):$PATH"
export TORCH_CUDA_ARCH_LIST="${TORCH_CUDA_ARCH_LIST:-9.0}"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSPECTRO_BUILD_GUI=OFF -DSPECTRO_BUILD_TESTS=OFF -DSPECTRO_BUILD_DEVICE_TESTS=ON \
  -DTorch_DIR="$Torch_DIR" -DCMAKE_POLICY_VERSION_MINIMUM=3.5 "${launcher[@]}"
cmake --build "$build" -j "$(nproc)" --target spectroscope-cli test_gpu_equality \
  spectro-bench-forward spectro-bench-gemm spectro-bench-refilter spectro-bench-svd
if ! objdump -p "$build/app/cli/spectroscope-cli" | grep -q 'NEEDED.*libstdc++'; then
  echo "warning: $CXX linked libstdc++ statically: a second copy beside libtorch's (see above); set SPECTRO_CXX" >&2
fi
echo "== built in $build"
