#pragma once
// Hugging Face LLaMa checkpoints store W_q and W_k with the rows of each head reordered for the
// "rotate half" RoPE implementation: within a head of size hd, HF row r*hd/2 + i holds the
// interleaved row 2i + r (r = 0 for the first, 1 for the second element of a rotated pair).
// Our canonical layout is interleaved (llama2.c, GGUF). Both maps are row permutations.
#include <cstdint>
#include <vector>

namespace spectro {

// rowOrder such that canonical (interleaved) row k is HF row rowOrder[k].
std::vector<std::int64_t> interleavedFromRotateHalf(int nHeads, int headDim);
// rowOrder such that HF row k is canonical row rowOrder[k] (used when exporting).
std::vector<std::int64_t> rotateHalfFromInterleaved(int nHeads, int headDim);

}  // namespace spectro
