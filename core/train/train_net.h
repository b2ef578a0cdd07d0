#pragma once
// INTERNAL (includes libtorch; only core/train/*.cpp may include it). The LLaMa-2 decoder as a
// set of leaf tensors with autograd, under the engine's canonical names and in its layout
// (interleaved RoPE, [out][in] matrices), computing exactly what engine/transformer.cpp computes
// so that written weights run identically in the engine (tests/core/test_train.cpp checks it).
#include <torch/torch.h>

#include <string>
#include <vector>

#include "model/checkpoint.h"
#include "model/model_config.h"

namespace spectro {

class TrainNet {
public:
    // Random initialisation from `seed`: N(0, 0.02), output projections (wo, w2) scaled down by
    // sqrt(2 * layers) as in GPT-2, RMSNorm gains 1.
    TrainNet(const ModelConfig& config, std::uint64_t seed);

    const ModelConfig& config() const { return config_; }
    const std::vector<std::string>& names() const { return names_; }
    std::vector<torch::Tensor>& parameters() { return params_; }
    // Matrices get weight decay, RMSNorm gains do not.
    std::vector<torch::Tensor> decayed() const;
    std::vector<torch::Tensor> notDecayed() const;

    // tokens: [B, T] int64 -> logits [B, T, V] (float32). With `bosSink`, also the mean attention
    // paid to position 0 by queries at positions >= 16 per layer, head-averaged (analysis/sink.h).
    torch::Tensor forward(const torch::Tensor& tokens, std::vector<double>* bosSink = nullptr) const;
    // Mean next-token cross-entropy of `targets` ([B, T]).
    torch::Tensor loss(const torch::Tensor& inputs, const torch::Tensor& targets) const;

    // The weights as a checkpoint in `dtype` (F32 or F16), ready for writeHuggingFace.
    Checkpoint toCheckpoint(DType dtype) const;

    void save(const std::string& path) const;
    void load(const std::string& path);

private:
    const torch::Tensor& get(const std::string& name) const;
    ModelConfig config_;
    std::vector<std::string> names_;
    std::vector<torch::Tensor> params_;
    torch::Tensor ropeCos_, ropeSin_;  // [context, headDim/2]
};

}  // namespace spectro
