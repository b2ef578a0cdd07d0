#pragma once
// Internal to core/engine (includes ATen): checkpoint tensors as float32 torch tensors.
// F32 tensors without a row order are wrapped in place (zero copy from the memory map);
// everything else is widened on demand. Never include this from a public header.
#include <ATen/ATen.h>
#include <memory>
#include <mutex>
#include <vector>

#include "model/checkpoint.h"

namespace spectro {

struct LayerWeights {
    at::Tensor attentionNorm, wq, wk, wv, wo, ffnNorm, w1, w2, w3;
};

class WeightStore {
public:
    WeightStore(std::shared_ptr<const Checkpoint> checkpoint, at::Device device, std::uint64_t residentBudgetBytes);

    // Float32 weights of layer l on the device: cached when resident, else widened now into a
    // reused workspace (valid until the next call; callers serialise, see Transformer::forward).
    LayerWeights layer(int l) const;
    const at::Tensor& outputNorm() const { return outputNorm_; }
    // Embedding rows for `ids` ([n] int64 on CPU), float32 [n, d] on the device.
    at::Tensor embed(const std::vector<int>& ids) const;
    // Logits of normalised states x [n, d]: x W_u^T, widened in row chunks when W_u is not f32.
    at::Tensor unembed(const at::Tensor& x) const;
    bool resident() const { return !cache_.empty(); }

private:
    at::Tensor toFloat(const RawTensor& raw) const;
    // Widens `raw` into `dst`, allocating `dst` on first use; reusing the buffers avoids
    // re-faulting ~0.8 GB of fresh pages per 7B layer on every forward pass.
    void widenInto(const RawTensor& raw, at::Tensor& dst) const;
    mutable LayerWeights workspace_;
    mutable at::Tensor outputChunk_;
    std::shared_ptr<const Checkpoint> ckpt_;
    at::Device device_;
    std::vector<LayerWeights> cache_;
    at::Tensor outputNorm_;
    at::Tensor output_;  // set when W_u can be used as float32 without a copy, or is resident
};

}  // namespace spectro
