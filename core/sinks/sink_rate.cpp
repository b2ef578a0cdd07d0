#include "sinks/sink_rate.h"

#include "util/eigen_maps.h"
#include "util/error.h"

#include <algorithm>
#include <string>

namespace spectro {

SinkScores sinkScores(const Array& attention, int tokens)
{
    if (attention.shape.size() != 4 || attention.shape[2] != attention.shape[3]) {
        throw Error("sink rate: the attention probabilities must be [L, H, T, T]");
    }
    return sinkScores(attention.data.data(), static_cast<int>(attention.shape[0]), static_cast<int>(attention.shape[1]),
                      attention.shape[2], tokens);
}

SinkScores sinkScores(const float* attention, int layers, int heads, std::int64_t T, int tokens)
{
    if (tokens < 1) throw Error("sink rate: --tokens must be at least 1");
    SinkScores s;
    s.layers = layers;
    s.heads = heads;
    s.positions = static_cast<int>(std::min<std::int64_t>(T, tokens));
    const Eigen::Index K = s.positions;
    const std::int64_t LH = static_cast<std::int64_t>(layers) * heads;
    s.alpha.resize(static_cast<std::size_t>(LH * K));
    for (std::int64_t lh = 0; lh < LH; ++lh) {
        // The first K queries and keys of head (l, h): A[i][k], i, k < K.
        const auto A = eigen::rowMatrix(attention + lh * T * T, K, K, T);
        for (Eigen::Index k = 0; k < K; ++k) {
            // alpha_k = mean over queries i = k .. K-1 of A[i][k].
            s.alpha[static_cast<std::size_t>(lh * K + k)] = A.col(k).tail(K - k).cast<double>().mean();
        }
    }
    return s;
}

SinkRate::SinkRate(SinkRateOptions options) : options_(options)
{
    if (options_.tokens < 1) throw Error("sink rate: --tokens must be at least 1");
}

std::size_t SinkRate::index(int layer, int head, int position) const
{
    return (static_cast<std::size_t>(layer) * static_cast<std::size_t>(heads_) + static_cast<std::size_t>(head)) *
               static_cast<std::size_t>(options_.tokens) +
           static_cast<std::size_t>(position);
}

void SinkRate::add(const SinkScores& s)
{
    if (samples_ == 0) {
        layers_ = s.layers;
        heads_ = s.heads;
        const auto n = static_cast<std::size_t>(layers_) * static_cast<std::size_t>(heads_) *
                       static_cast<std::size_t>(options_.tokens);
        alphaSum_.assign(n, 0.0);
        aboveCount_.assign(n, 0);
        samplesAt_.assign(static_cast<std::size_t>(options_.tokens), 0);
    } else if (s.layers != layers_ || s.heads != heads_) {
        throw Error("sink rate: a sample has " + std::to_string(s.layers) + " layers x " + std::to_string(s.heads) +
                    " heads, the others " + std::to_string(layers_) + " x " + std::to_string(heads_));
    }
    if (s.positions > options_.tokens) throw Error("sink rate: scores cover more positions than --tokens");
    for (int l = 0; l < layers_; ++l) {
        for (int h = 0; h < heads_; ++h) {
            for (int k = 0; k < s.positions; ++k) {
                const double a = s.at(l, h, k);
                alphaSum_[index(l, h, k)] += a;
                aboveCount_[index(l, h, k)] += a > options_.epsilon ? 1 : 0;
            }
        }
    }
    for (int k = 0; k < s.positions; ++k) ++samplesAt_[static_cast<std::size_t>(k)];
    positions_ = std::max(positions_, s.positions);
    ++samples_;
}

int SinkRate::samplesAt(int position) const
{
    if (position < 0 || position >= positions_) return 0;
    return samplesAt_[static_cast<std::size_t>(position)];
}

double SinkRate::meanAlpha(int layer, int head, int position) const
{
    const int n = samplesAt(position);
    if (n == 0 || layer < 0 || layer >= layers_ || head < 0 || head >= heads_) {
        throw Error("sink rate: no score for layer " + std::to_string(layer) + ", head " + std::to_string(head) +
                    ", position " + std::to_string(position));
    }
    return alphaSum_[index(layer, head, position)] / n;
}

double SinkRate::above(int layer, int head, int position) const
{
    if (options_.pooled) return meanAlpha(layer, head, position) > options_.epsilon ? 1.0 : 0.0;
    return aboveCount_[index(layer, head, position)];
}

double SinkRate::headRate(int layer, int head, int position) const
{
    const double n = options_.pooled ? 1.0 : samplesAt(position);
    meanAlpha(layer, head, position); // checks the indices
    return above(layer, head, position) / n;
}

double SinkRate::layerRate(int layer, int position) const
{
    double sum = 0;
    for (int h = 0; h < heads_; ++h) sum += headRate(layer, h, position);
    return sum / heads_;
}

double SinkRate::rate(int position) const
{
    double sum = 0;
    for (int l = 0; l < layers_; ++l) sum += layerRate(l, position);
    return sum / layers_;
}

} // namespace spectro
