#pragma once
// The LLaMa-2 decoder: RMSNorm, RoPE with the model's theta, grouped-query attention computed
// explicitly (so that its probabilities can be tapped), SwiGLU, all in float32. Weights stay in
// the checkpoint's dtype and memory map; layers are widened to float32 one at a time unless the
// whole model fits the resident budget, in which case they are widened once and kept.
#include <memory>
#include <string>

#include "engine/forward.h"
#include "model/checkpoint.h"
#include "util/progress.h"

namespace spectro {

struct EngineOptions {
    std::string device = "cpu";  // "cpu" or "cuda" / "cuda:N" where libtorch has CUDA
    // Keep float32 copies of all layers when they need at most this many bytes (0: never).
    std::uint64_t residentBudgetBytes = 2ull << 30;
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

    // Runs the samples as one right-padded batch. Thread-safe. Throws Error for token ids
    // outside the vocabulary or inconsistent start streams, Cancelled when `progress` says stop.
    std::vector<SampleTaps> forward(const ForwardRequest& request, const ProgressFn& progress = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace spectro
