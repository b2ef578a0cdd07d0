// SVD bands of a vocabulary x width matrix, timed in the two steps of core/spectral/spectrum:
// the float64 Gram matrix (rows read from bf16, as from a LLaMa checkpoint) and the eigen-solver.
//
//   spectro-bench-svd [--rows 32000] [--cols 4096] [--threads N]
//
// The matrix is random (seeded) with a decaying column scale, so that its singular values spread
// over two orders of magnitude like a trained W_u's; timing does not depend on the values.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <ATen/Parallel.h>

#include "bench_util.h"
#include "engine/runtime.h"
#include "model/dtype.h"
#include "spectral/bands.h"
#include "spectral/spectrum.h"

using namespace spectro;
using namespace spectro::bench;

int main(int argc, char** argv)
{
    Flags flags;
    if (!flags.parse(argc, argv, {"--rows", "--cols", "--threads"}, false)) {
        std::fprintf(stderr, "usage: %s [--rows R] [--cols C] [--threads N]\n", argv[0]);
        return 2;
    }
    const std::int64_t rows = flags.integer("--rows", 32000);
    const int cols = static_cast<int>(flags.integer("--cols", 4096)), threads = static_cast<int>(flags.integer("--threads", 0));
    if (rows < 1 || cols < 1) {
        std::fprintf(stderr, "error: --rows and --cols must be positive\n");
        return 2;
    }
    try {
        initRuntime();
        if (threads > 0) setComputeThreads(threads);
        std::vector<std::uint16_t> bf16(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
        std::mt19937_64 rng(7);
        std::normal_distribution<float> normal;
        for (std::int64_t r = 0; r < rows; ++r) {
            for (int c = 0; c < cols; ++c) {
                const float scale = std::exp(-4.6f * static_cast<float>(c) / static_cast<float>(cols));
                const float v = normal(rng) * scale;
                std::uint32_t bits;
                std::memcpy(&bits, &v, 4);
                bf16[static_cast<std::size_t>(r * cols + c)] = static_cast<std::uint16_t>(bits >> 16);
            }
        }
        const auto t0 = Clock::now();
        auto gram = gramOfRows(rows, cols, [&](std::int64_t first, std::int64_t count, double* out) {
            for (std::int64_t i = 0; i < count * cols; ++i) out[i] = bf16ToFloat(bf16[static_cast<std::size_t>(first * cols + i)]);
        });
        const auto t1 = Clock::now();
        const Spectrum s = spectrumOfGram(std::move(gram), cols, static_cast<int>(std::min<std::int64_t>(rows, cols)));
        const auto t2 = Clock::now();
        const auto bands = makeBands(cols, 20);
        const auto t3 = Clock::now();
        const auto sec = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
        std::printf("{\n  \"rows\": %lld,\n  \"cols\": %d,\n  \"threads\": %d,\n  \"gram_seconds\": %.3f,\n"
                    "  \"eigen_seconds\": %.3f,\n  \"bands_seconds\": %.6f,\n  \"total_seconds\": %.3f,\n"
                    "  \"sigma_max\": %.6g,\n  \"sigma_min\": %.6g,\n  \"bands\": %zu,\n  \"peak_rss_bytes\": %lld\n}\n",
                    static_cast<long long>(rows), cols, at::get_num_threads(), sec(t0, t1), sec(t1, t2), sec(t2, t3), sec(t0, t3),
                    s.singularValues.front(), s.singularValues.back(), static_cast<std::size_t>(bands.count),
                    peakRssBytes());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
