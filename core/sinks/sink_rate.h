#pragma once
// The sink rate of Gu et al. 2024 ("When Attention Sink Emerges in Language Models", arXiv
// 2410.10781, Sec. 3.1), on the first T tokens of each sample (default T = 64):
//   alpha_k^{l,h} = 1/(T-k) * sum_{i=k}^{T-1} A^{l,h}[i][k]   the mean attention key k receives
//                                                            from the queries i >= k;
//   Sink_k^eps    = the fraction of (layer, head) pairs with alpha_k^{l,h} > eps (default 0.3).
// For every key position k < T, not only BoS (k = 0). Over several samples the indicator is taken
// per sample and averaged over (sample, layer, head), as the authors' evaluation code does
// (eval_sink_open_source.py: `(importance_scores > epsilon).mean(dim=(0,1,2))`); `pooled`
// thresholds the sample-mean alpha instead (docs/science.md, "Sink rate"). A sample shorter than
// T is measured on its own length and counts only for the positions it has.
#include "engine/array.h"

#include <vector>

namespace spectro {

struct SinkRateOptions {
    double epsilon = 0.3;
    int tokens = 64;     // T: only queries and keys below T are used
    bool pooled = false; // threshold the mean over samples of alpha, not each sample's alpha
};

// One sample's scores alpha_k^{l,h}, k < min(T_sample, tokens).
struct SinkScores {
    int layers = 0, heads = 0, positions = 0;
    std::vector<double> alpha; // [layers, heads, positions]
    double at(int layer, int head, int position) const
    {
        return alpha[(static_cast<std::size_t>(layer) * heads + head) * positions + position];
    }
};

// `attention` is one sample's [L, H, T, T] probabilities (attn[l][h][q][k], causal). Throws
// Error when it is not of that shape.
SinkScores sinkScores(const Array& attention, int tokens);
// The same over `layers` x `heads` consecutive [T, T] patterns at `attention` (e.g. one layer's slice).
SinkScores sinkScores(const float* attention, int layers, int heads, std::int64_t T, int tokens);

// Sink rates accumulated over samples.
class SinkRate {
public:
    explicit SinkRate(SinkRateOptions options = {});
    const SinkRateOptions& options() const { return options_; }

    void add(const SinkScores& scores);
    void add(const Array& attention) { add(sinkScores(attention, options_.tokens)); }

    int layers() const { return layers_; }
    int heads() const { return heads_; }
    int positions() const { return positions_; } // the longest sample's, at most T
    int samples() const { return samples_; }
    int samplesAt(int position) const; // samples that reach `position`

    // The mean over the samples that reach `position` of alpha^{l,h}_position.
    double meanAlpha(int layer, int head, int position) const;
    // Sink_k over all layers and heads, over one layer's heads, or for one head (over samples).
    double rate(int position) const;
    double layerRate(int layer, int position) const;
    double headRate(int layer, int head, int position) const;

private:
    std::size_t index(int layer, int head, int position) const;
    double above(int layer, int head, int position) const; // samples (pooled: 0/1) over eps

    SinkRateOptions options_;
    int layers_ = 0, heads_ = 0, positions_ = 0, samples_ = 0;
    std::vector<double> alphaSum_; // [layers, heads, tokens]
    std::vector<int> aboveCount_;  // [layers, heads, tokens]: samples with alpha > eps
    std::vector<int> samplesAt_;   // [tokens]
};

} // namespace spectro
