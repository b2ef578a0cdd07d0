#pragma once
// The extreme-token triad (Guo et al. 2024, "Active-Dormant Attention Heads: Mechanistically
// Demystifying Extreme-Token Phenomena in LLMs", arXiv 2410.13835): the tokens that collect
// attention (attention sinks) offer value states of small norm (value-state drains) and carry
// residual states of large norm (residual-state peaks). Per layer l and token t of one sample,
// all read from the stream layer l's attention reads, resid[l]:
//   attention(l, g, t) = alpha_t (sink_rate.h: mean over queries i >= t of A[l][h][i][t]),
//                        averaged over the query heads h of kv group g (h / (H / KV) = g), i.e.
//                        over the heads that read kv head g's values;
//   value(l, g, t)     = ||W_v^{(g)} RMSNorm_l(resid[l][t])|| (value_states.h);
//   resid(l, t)        = ||resid[l][t]||;
// each norm also relative to its mean over the sample's tokens (BoS included):
//   value_ratio = value(l, g, t) / mean_s value(l, g, s),  resid_ratio = resid(l, t) / mean_s resid(l, s).
#include "engine/array.h"
#include "sinks/value_states.h"

#include <vector>

namespace spectro {

struct ExtremeTokenTriad {
    int layers = 0, kvHeads = 0, tokens = 0;
    std::vector<double> attention;             // [layers, kvHeads, tokens]
    std::vector<double> valueNorm, valueRatio; // [layers, kvHeads, tokens]
    std::vector<double> residNorm, residRatio; // [layers, tokens]

    std::size_t at(int layer, int kvHead, int token) const
    {
        return (static_cast<std::size_t>(layer) * kvHeads + kvHead) * tokens + token;
    }
    std::size_t at(int layer, int token) const { return static_cast<std::size_t>(layer) * tokens + token; }
};

// ||resid[s][t]|| and its ratio to the mean over the sample's tokens, for every stream s of
// `resid` ([S, T, d]): {norm, ratio}, each [S, T].
struct StreamNorms {
    std::vector<double> norm, ratio;
};
StreamNorms residualNorms(const Array& resid);

// `resid` [L+1, T, d] and `attention` [L, H, T, T] of one sample. Throws Error when their shapes
// disagree with each other or with `values`.
ExtremeTokenTriad extremeTokenTriad(const Array& resid, const Array& attention, const ValueStates& values);
// One layer: `stream` = resid[layer] ([T, d]) and `attention` = attn[layer] ([H, T, T]); the
// result has layers = 1 (index 0 is `layer`).
ExtremeTokenTriad extremeTokenTriadAt(int layer, const Array& stream, const Array& attention,
                                      const ValueStates& values);

} // namespace spectro
