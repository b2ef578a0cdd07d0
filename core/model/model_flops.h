#pragma once
// How much arithmetic one forward pass is, for the benchmarks' efficiency figures.
#include "model/model_config.h"

namespace spectro {

// FLOPs (2 per multiply-add) of one forward over `tokens` tokens: every weight matrix, the
// unembedding included (the embedding is a lookup), plus QK^T and PV over the causal triangle.
// Norms, RoPE, softmax and SiLU are left out (O(T d), not O(T d^2)). Benchmarks divide it by the
// measured time and the GEMM peak to get the forward efficiency (docs/performance.md).
double forwardFlops(const ModelConfig& config, int tokens);

}  // namespace spectro
