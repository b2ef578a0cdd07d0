#pragma once
// Attention received by each key position from later queries, and the paper's High-Mean-Low-
// Variance (HMLV) tokens (paper.md, "Attention bars and HMLV").
//   received(l, t) over queries q = t+1 .. T-1 of  A[l][q][t]   (A averaged over heads first,
//   or per head), reported as mean and population variance. The last position has no later
//   query: its statistics are NaN.
//   HMLV(l, t): mean > 0.018 and variance < 0.01, excluding layers 0-3, BoS and the last 4
//   tokens (all options).
#include <cstdint>
#include <vector>

#include "engine/array.h"

namespace spectro {

struct ReceivedStats {
    int layers = 0, groups = 0, tokens = 0;  // groups = 1 (head average) or the number of heads
    std::vector<float> mean, variance;      // [layers, groups, tokens]
};

// `attention` is one sample's [L, H, T, T] probabilities (attn[l][h][q][k]).
ReceivedStats attentionReceived(const Array& attention, bool perHead);

struct HmlvOptions {
    double meanAbove = 0.018;
    double varianceBelow = 0.01;
    int firstLayer = 4;       // layers before it are excluded
    bool excludeBos = true;
    int excludeLast = 4;      // the last N tokens are excluded
};

// [layers, groups, tokens]: 1 where (l, t) is HMLV.
std::vector<std::uint8_t> hmlvFlags(const ReceivedStats& stats, const HmlvOptions& options);

}  // namespace spectro
