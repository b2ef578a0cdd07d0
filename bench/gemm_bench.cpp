// The GEMM peak of this machine for a model's shapes: torch matmul of [T, in] x [in, out] for
// every weight-matrix shape of the model, in float32 (what the engine computes in) and bfloat16
// (for comparison). The best float32 rate is the "peak" that forward efficiency is measured
// against (docs/performance.md). On a GPU (--device cuda) it also times the engine's split-bf16
// product (engine/linear.h: float32 x, bf16 W, 3 bf16 GEMMs' work) and reports its rate in the
// model's FLOPs, i.e. what the forward can reach on that route. Random inputs (never zeros).
//
//   spectro-bench-gemm MODEL [--tokens T] [--repeats R] [--threads N] [--device DEV]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "bench_util.h"
#include "engine/linear.h"
#include "engine/runtime.h"
#include "model/checkpoint_loader.h"

using namespace spectro;
using namespace spectro::bench;

namespace {

struct Shape {
    const char* name;
    std::int64_t in, out;
};

// Best of `repeats` timings of x [T, in] times W^T (W [out, in], as the weights are stored), x in
// `xType` and W in `wType`. A GPU runs `batch` products per timing and is synchronised by
// reading one value back, so that the clock sees the work and not only its launch.
double bestSeconds(std::int64_t tokens, const Shape& s, at::ScalarType xType, at::ScalarType wType, int repeats, at::Device device)
{
    const auto x = at::randn({tokens, s.in}).to(xType).to(device);
    const auto w = (at::randn({s.out, s.in}) * 0.02).to(wType).to(device);
    const int batch = device.is_cpu() ? 1 : 10;
    double best = 1e30;
    for (int i = 0; i < repeats + 1; ++i) {  // the first is a warm-up
        const auto a = Clock::now();
        at::Tensor y;
        for (int b = 0; b < batch; ++b) y = xType == wType ? at::matmul(x, w.t()) : linearMap(x, w);
        if (!device.is_cpu()) (void)y[0][0].item<float>();
        const double t = since(a) / batch;
        if (i > 0) best = std::min(best, t);
    }
    return best;
}

}  // namespace

int main(int argc, char** argv)
{
    Flags flags;
    const bool parsed = flags.parse(argc, argv, {"--tokens", "--repeats", "--threads", "--device"}, true);
    const std::string model = flags.positional();
    const int tokens = static_cast<int>(flags.integer("--tokens", 256)), repeats = static_cast<int>(flags.integer("--repeats", 5));
    const int threads = static_cast<int>(flags.integer("--threads", 0));
    if (!parsed || model.empty() || tokens < 1 || repeats < 1) {
        std::fprintf(stderr, "usage: %s MODEL [--tokens T>=1] [--repeats R>=1] [--threads N] [--device DEV]\n", argv[0]);
        return 2;
    }
    try {
        initRuntime();
        const std::string deviceName = flags.text("--device", "cpu");
        checkDevice(deviceName);
        const at::Device device(deviceName);
        const bool split = device.is_cuda() && splitBf16Supported();
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
        std::printf("{\n  \"model\": \"%s\",\n  \"device\": \"%s\",\n  \"threads\": %d,\n  \"tokens\": %d,\n  \"shapes\": [\n",
                    model.c_str(), deviceName.c_str(), at::get_num_threads(), tokens);
        double peak32 = 0, peak16 = 0, peakSplit = 0;
        for (std::size_t i = 0; i < shapes.size(); ++i) {
            const auto& s = shapes[i];
            const double flops = 2.0 * tokens * static_cast<double>(s.in) * static_cast<double>(s.out);
            const double f32 = flops / bestSeconds(tokens, s, at::kFloat, at::kFloat, repeats, device) / 1e9;
            const double bf16 = flops / bestSeconds(tokens, s, at::kBFloat16, at::kBFloat16, repeats, device) / 1e9;
            const double splitBf16 = split ? flops / bestSeconds(tokens, s, at::kFloat, at::kBFloat16, repeats, device) / 1e9 : 0.0;
            peak32 = std::max(peak32, f32);
            peak16 = std::max(peak16, bf16);
            peakSplit = std::max(peakSplit, splitBf16);
            std::printf("    {\"name\": \"%s\", \"in\": %lld, \"out\": %lld, \"f32_gflops\": %.2f, \"bf16_gflops\": %.2f, "
                        "\"split_bf16_gflops\": %.2f}%s\n",
                        s.name, static_cast<long long>(s.in), static_cast<long long>(s.out), f32, bf16, splitBf16,
                        i + 1 < shapes.size() ? "," : "");
        }
        std::printf("  ],\n  \"peak_f32_gflops\": %.2f,\n  \"peak_bf16_gflops\": %.2f,\n  \"peak_split_bf16_gflops\": %.2f\n}\n",
                    peak32, peak16, peakSplit);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
