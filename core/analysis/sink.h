#pragma once
// The BoS attention sink (paper: attention sinks on BoS): per layer, the mean attention that
// queries at positions >= minQuery pay to position 0, averaged over the heads of the layer and
// over all such queries of all samples. Needs the `attn` tap ([L, H, T, T] per sample).
#include <vector>

#include "engine/forward.h"

namespace spectro {

class BosSink {
public:
    explicit BosSink(int minQuery = 16) : minQuery_(minQuery) {}
    // Adds one sample's attention probabilities; samples with <= minQuery tokens add nothing.
    void add(const SampleTaps& taps);
    // Per layer; empty before any query was added.
    std::vector<double> perLayer() const;
    // [layer][head]: the same mean for each head (a layer's value is the mean of its heads').
    std::vector<std::vector<double>> perHead() const;
    long long queries() const { return queries_; }

private:
    int minQuery_;
    std::vector<std::vector<double>> sums_;  // [layer][head]
    long long queries_ = 0;  // (sample, position) pairs counted per layer
};

// Runs nothing itself: convenience over a finished batch of taps.
std::vector<double> bosSinkPerLayer(const std::vector<SampleTaps>& taps, int minQuery = 16);

}  // namespace spectro
