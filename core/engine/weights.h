#pragma once
// Internal to core/engine (includes ATen): checkpoint tensors as the forward pass uses them, on
// the device of the layer they belong to (engine/placement.h).
//
// On the CPU, F32 tensors without a row order are wrapped in place (zero copy from the memory
// map); everything else is widened to float32, once when the CPU's layers fit the resident
// budget, else layer by layer just before use. On a GPU, every tensor is uploaded once in its
// stored dtype (a bf16 7B takes 13.5 GB of GPU memory, not 27), with its row order applied there;
// a 16-bit matrix is then widened into a per-device float32 workspace just before its layer runs
// (0.4 GB of bf16 for a 7B layer: a fraction of a millisecond), unless the split-bf16 route uses
// the bf16 matrix as it is (engine/linear.h). Never include this from a public header.
#include "model/checkpoint.h"

#include <ATen/ATen.h>
#include <map>
#include <memory>
#include <vector>

namespace spectro {

struct LayerWeights {
    at::Tensor attentionNorm, wq, wk, wv, wo, ffnNorm, w1, w2, w3;
};

class WeightStore {
public:
    // layerDevices[l]: where layer l runs; outputDevice: the final norm and the unembedding.
    // splitBf16: keep bf16 matrices on a GPU as they are (engine/linear.h) instead of widening them.
    WeightStore(std::shared_ptr<const Checkpoint> checkpoint, std::vector<at::Device> layerDevices,
                at::Device outputDevice, std::uint64_t residentBudgetBytes, bool splitBf16);

    // Weights of layer l on its device, float32 (or bf16 for the split-bf16 route): cached when
    // resident, else widened now into a reused workspace (valid until the next call; callers
    // serialise when sharedWorkspace(), see Transformer::forward).
    LayerWeights layer(int l) const;
    const at::Tensor& outputNorm() const { return outputNorm_; }
    // Embedding rows for `ids`, float32 [n, d] on `device`.
    at::Tensor embed(const std::vector<int>& ids, at::Device device) const;
    // Logits of normalised states x [n, d] on the output device: x W_u^T, float32.
    at::Tensor unembed(const at::Tensor& x) const;
    bool sharedWorkspace() const { return sharedWorkspace_; }
    // Bytes of weights this store placed on GPUs (stored dtypes).
    std::uint64_t gpuBytes() const { return gpuBytes_; }

private:
    at::Tensor toFloat(const RawTensor& raw, at::Device device) const;
    // The stored tensor on a GPU, in its dtype, rows in the engine's order.
    at::Tensor upload(const RawTensor& raw, at::Device device);
    // Widens `raw` into `dst`, allocating `dst` on first use; reusing the buffers avoids
    // re-faulting ~0.8 GB of fresh pages per 7B layer on every forward pass.
    void widenInto(const RawTensor& raw, at::Tensor& dst) const;
    // A matrix on a GPU as the forward pass takes it: as stored when float32 (or bf16 on the
    // split-bf16 route), else widened into `dst`.
    const at::Tensor& gpuMatrix(const at::Tensor& stored, at::Tensor& dst) const;
    at::Tensor unembedOnCpu(const at::Tensor& x) const;

    std::shared_ptr<const Checkpoint> ckpt_;
    std::vector<at::Device> layerDevices_;
    at::Device outputDevice_;
    bool splitBf16_;
    bool sharedWorkspace_ = false;
    std::uint64_t gpuBytes_ = 0;
    std::vector<LayerWeights> cache_;  // float32 layers, CPU (resident) or GPU (F32 stored): empty entries elsewhere
    std::vector<LayerWeights> stored_;  // GPU layers in their stored dtype
    mutable LayerWeights cpuWorkspace_;
    mutable std::map<int, LayerWeights> gpuWorkspace_;  // by CUDA device index
    mutable at::Tensor outputChunk_;
    at::Tensor outputNorm_;
    at::Tensor output_;  // float32 W_u when usable without a copy or resident; on a GPU: W_u as stored
};

}  // namespace spectro
