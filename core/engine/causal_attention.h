#pragma once
// Internal to core/engine: causal softmax attention fused into one pass per query, on the CPU,
// for the narrow heads of small models (head_dim 8, 16 or 32).
//
// Why: with libtorch's route (scores GEMM, softmax, P V GEMM) a head of 8 floats makes BLAS
// spend its time packing (K = 8 and N = 8 GEMMs), and softmax computes exp on the masked half
// of every T x T score matrix and writes and rereads it. For stories260K (8 x 256 tokens,
// hd = 8) attention was about half of a re-filter pass; this kernel computes only j <= i, keeps
// the scores of one query in cache and the P V sum in registers: 3-6 x less time for hd = 8
// and 16, about 2 x for 32 (ad hoc, 1 thread), and no gain for hd >= 64, where BLAS is efficient
// and libtorch's route stays. A pass that taps the attention probabilities gets them written
// from the same row (T^2 floats stored, instead of formed, stored and reread three times).
//
// Same arithmetic as the reference up to rounding: scores s_j = scale q.k_j, the row's max
// subtracted, exp (Cephes' single-precision polynomial, about 1 ulp), divided by the sum.
// Compiled twice, for AVX2 + FMA and for the x86-64 baseline; the CPU picks at run time.
#include <cstdint>

namespace spectro {

// Activations in the forward pass's [B, T, heads, hd] layout (contiguous): query head h reads
// key/value head h / (heads / kvHeads) (grouped-query attention). `out` has q's layout.
struct CausalAttentionArgs {
    const float* q = nullptr;
    const float* k = nullptr;
    const float* v = nullptr;
    float* out = nullptr;
    std::int64_t batch = 0, tokens = 0, heads = 0, kvHeads = 0, headDim = 0;
    float scale = 1;
    // Optional, the attention-probability tap: probs[b] points at [heads, lengths[b], lengths[b]]
    // (row-major; the rows of batch row b's own length, zeros above the diagonal).
    float* const* probs = nullptr;
    const std::int64_t* lengths = nullptr;
};

enum class AttentionIsa { Best, Baseline };  // Baseline: for tests of the non-AVX2 build

// Whether the fused kernel exists for this head dimension.
bool fusedAttentionSupports(std::int64_t headDim);

// Attention of the heads [first, last) of all batch rows, numbered b * heads + h (so that a
// caller can split the work across threads).
void causalAttention(const CausalAttentionArgs& a, std::int64_t first, std::int64_t last,
                     AttentionIsa isa = AttentionIsa::Best);

}  // namespace spectro
