#pragma once
// RoPE's inverse frequencies: pair i of a head (x[2i], x[2i+1] in the canonical interleaved
// layout) turns by position * inv[i]. Computed in double, with the formulas of transformers'
// modeling_rope_utils (_compute_default_rope_parameters, _compute_linear_scaling_rope_parameters,
// _compute_llama3_parameters) and llama.cpp's frequency factors (GGUF rope_freqs.weight).
// transformers computes them in float32; tests/fixtures/hf records both.
#include "model/model_config.h"

#include <vector>

namespace spectro {

// head_dim / 2 values.
std::vector<double> ropeInverseFrequencies(const ModelConfig& config);

} // namespace spectro
