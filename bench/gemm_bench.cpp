// The GEMM peak of this machine for a model's shapes: torch matmul of [T, in] x [in, out] for
// every weight-matrix shape of the model, in float32 (what the engine computes in) and bfloat16
// (for comparison). The best float32 rate is the "peak" that forward efficiency is measured
// against (docs/performance.md).
//
//   spectro-bench-gemm MODEL [--tokens T] [--repeats R] [--threads N]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "bench_util.h"
#include "engine/runtime.h"
#include "model/checkpoint_loader.h"

using namespace spectro;
using namespace spectro::bench;

namespace {

struct Shape {
    const char* name;
    std::int64_t in, out;
};

// Best of `repeats` timings of x [T, in] times W^T (W [out, in], as the weights are stored).
double bestSeconds(std::int64_t tokens, const Shape& s, at::ScalarType type, int repeats)
{
    const auto x = at::randn({tokens, s.in}).to(type);
    const auto w = at::randn({s.out, s.in}).to(type);
    double best = 1e30;
    for (int i = 0; i < repeats + 1; ++i) {  // the first is a warm-up
        const auto a = Clock::now();
        const auto y = at::matmul(x, w.t());
        const double t = since(a);
        if (i > 0) best = std::min(best, t);
    }
    return best;
}

}  // namespace

int main(int argc, char** argv)
{
    Flags flags;
    const bool parsed = flags.parse(argc, argv, {"--tokens", "--repeats", "--threads"}, true);
    const std::string model = flags.positional();
    const int tokens = static_cast<int>(flags.integer("--tokens", 256)), repeats = static_cast<int>(flags.integer("--repeats", 5));
    const int threads = static_cast<int>(flags.integer("--threads", 0));
    if (!parsed || model.empty() || tokens < 1 || repeats < 1) {
        std::fprintf(stderr, "usage: %s MODEL [--tokens T>=1] [--repeats R>=1] [--threads N]\n", argv[0]);
        return 2;
    }
    try {
        initRuntime();
        const auto cfg = loadCheckpoint(model).config;
        // The engine's threads for this model unless told otherwise, so that the peak is the one
        // the forward can reach.
        if (threads > 0) setComputeThreads(threads);
        else adaptThreadsToModel(cfg);
        const std::vector<Shape> shapes = {
            {"wq/wo (d x d)", cfg.dim, cfg.dim},
            {"wk/wv (d x kv)", cfg.dim, cfg.kvDim()},
            {"w1/w3 (d x hidden)", cfg.dim, cfg.hiddenDim},
            {"w2 (hidden x d)", cfg.hiddenDim, cfg.dim},
            {"unembed (d x vocab)", cfg.dim, cfg.vocabSize},
        };
        std::printf("{\n  \"model\": \"%s\",\n  \"threads\": %d,\n  \"tokens\": %d,\n  \"shapes\": [\n", model.c_str(),
                    at::get_num_threads(), tokens);
        double peak32 = 0, peak16 = 0;
        for (std::size_t i = 0; i < shapes.size(); ++i) {
            const auto& s = shapes[i];
            const double flops = 2.0 * tokens * static_cast<double>(s.in) * static_cast<double>(s.out);
            const double f32 = flops / bestSeconds(tokens, s, at::kFloat, repeats) / 1e9;
            const double bf16 = flops / bestSeconds(tokens, s, at::kBFloat16, repeats) / 1e9;
            peak32 = std::max(peak32, f32);
            peak16 = std::max(peak16, bf16);
            std::printf("    {\"name\": \"%s\", \"in\": %lld, \"out\": %lld, \"f32_gflops\": %.2f, \"bf16_gflops\": %.2f}%s\n", s.name,
                        static_cast<long long>(s.in), static_cast<long long>(s.out), f32, bf16, i + 1 < shapes.size() ? "," : "");
        }
        std::printf("  ],\n  \"peak_f32_gflops\": %.2f,\n  \"peak_bf16_gflops\": %.2f\n}\n", peak32, peak16);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
