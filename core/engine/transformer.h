#pragma once
// The LLaMa-2 decoder: RMSNorm, RoPE with the model's theta, grouped-query attention computed
// explicitly (so that its probabilities can be tapped), SwiGLU, all in float32. Weights stay in
// the checkpoint's dtype and memory map; layers are widened to float32 one at a time unless the
// whole model fits the resident budget, in which case they are widened once and kept.
#include <memory>
#include <string>

#include "engine/forward.h"
#include "engine/placement.h"
#include "model/checkpoint.h"
#include "util/progress.h"

namespace spectro {

// How products with bf16 weight matrices are computed on a GPU (engine/linear.h). Everything
// else, and everything on the CPU, is float32. The split-bf16 route is not the default: on the
// H200 it stays within 2.6e-5 of the CPU after two LLaMa-2-7B-wide layers, not within the 1e-5
// that float32 GEMMs keep (docs/gpu-equality.log).
enum class GemmMode {
    Float32,    // widen the weights and use float32 GEMMs (TF32 off)
    SplitBf16,  // bf16 matrices on a GPU as three bf16 products with float32 accumulation
};
std::string gemmModeName(GemmMode mode);  // "f32", "split-bf16"
GemmMode parseGemmMode(const std::string& name);

struct EngineOptions {
    // "cpu", "cuda", "cuda:N", a comma list of devices to place blocks of layers on
    // ("cuda:0,cuda:1"), or "auto" (every GPU; engine/placement.h). GPUs need a CUDA libtorch.
    std::string device = "cpu";
    // Keep float32 copies of the CPU's layers when they need at most this many bytes (0: never).
    std::uint64_t residentBudgetBytes = 2ull << 30;
    GemmMode gemm = GemmMode::Float32;
};

class Transformer {
public:
    Transformer(std::shared_ptr<const Checkpoint> checkpoint, EngineOptions options = {});
    ~Transformer();
    Transformer(const Transformer&) = delete;
    Transformer& operator=(const Transformer&) = delete;

    const ModelConfig& config() const;
    const Checkpoint& checkpoint() const;
    const EngineOptions& options() const;
    const Placement& placement() const;
    // Whether bf16 matrices on a GPU go the split-bf16 route.
    bool splitBf16() const;
    // Bytes of weights held on GPUs, in their stored dtypes.
    std::uint64_t gpuWeightBytes() const;

    // Runs the samples as one right-padded batch. Thread-safe. Throws Error for token ids
    // outside the vocabulary or inconsistent start streams, Cancelled when `progress` says stop.
    std::vector<SampleTaps> forward(const ForwardRequest& request, const ProgressFn& progress = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace spectro
