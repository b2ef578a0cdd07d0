#include "sinks/extreme_token_triad.h"

#include "sinks/sink_rate.h"
#include "util/eigen_maps.h"
#include "util/error.h"

#include <string>

namespace spectro {
namespace {

// x / mean(x) over one row of n values; NaN-free: a zero mean leaves zeros.
void relativeToMean(const double* x, double* out, int n)
{
    const Eigen::Map<const Eigen::ArrayXd> in(x, n);
    const double mean = in.mean();
    Eigen::Map<Eigen::ArrayXd>(out, n) = mean > 0 ? (in / mean).eval() : Eigen::ArrayXd::Zero(n).eval();
}

} // namespace

StreamNorms residualNorms(const Array& resid)
{
    if (resid.shape.size() != 3) throw Error("residual norms: resid must be [S, T, d]");
    const auto S = resid.shape[0], T = resid.shape[1], d = resid.shape[2];
    StreamNorms out;
    out.norm.resize(static_cast<std::size_t>(S * T));
    out.ratio.resize(out.norm.size());
    for (std::int64_t s = 0; s < S; ++s) {
        const auto stream = eigen::rowMatrix(resid.slice(s), T, d);
        Eigen::Map<Eigen::VectorXd>(out.norm.data() + s * T, T) = stream.cast<double>().rowwise().norm();
        relativeToMean(out.norm.data() + s * T, out.ratio.data() + s * T, static_cast<int>(T));
    }
    return out;
}

namespace {

// Layer `layer` of the triad into slot `slot` of `out` (sized by the caller): `stream` [T, d] is
// resid[layer], `attention` its [H, T, T] probabilities.
void triadLayer(int layer, const float* stream, const float* attention, int H, const ValueStates& values,
                ExtremeTokenTriad& out, int slot)
{
    const int KV = values.kvHeads(), group = H / KV, T = out.tokens;
    const SinkScores alpha = sinkScores(attention, 1, H, T, T);
    for (int h = 0; h < H; ++h) {
        for (int t = 0; t < T; ++t) out.attention[out.at(slot, h / group, t)] += alpha.at(0, h, t) / group;
    }
    const std::vector<double> v = values.norms(layer, stream, T);
    for (int g = 0; g < KV; ++g) {
        std::copy_n(v.data() + static_cast<std::size_t>(g) * T, T, out.valueNorm.data() + out.at(slot, g, 0));
        relativeToMean(out.valueNorm.data() + out.at(slot, g, 0), out.valueRatio.data() + out.at(slot, g, 0), T);
    }
    const auto x = eigen::rowMatrix(stream, T, values.dim());
    Eigen::Map<Eigen::VectorXd>(out.residNorm.data() + out.at(slot, 0), T) = x.cast<double>().rowwise().norm();
    relativeToMean(out.residNorm.data() + out.at(slot, 0), out.residRatio.data() + out.at(slot, 0), T);
}

ExtremeTokenTriad emptyTriad(int layers, int kvHeads, std::int64_t T)
{
    ExtremeTokenTriad out;
    out.layers = layers;
    out.kvHeads = kvHeads;
    out.tokens = static_cast<int>(T);
    const auto n = static_cast<std::size_t>(layers) * static_cast<std::size_t>(kvHeads) * static_cast<std::size_t>(T);
    out.attention.assign(n, 0.0);
    out.valueNorm.resize(n);
    out.valueRatio.resize(n);
    out.residNorm.resize(static_cast<std::size_t>(layers) * static_cast<std::size_t>(T));
    out.residRatio.resize(out.residNorm.size());
    return out;
}

void checkHeads(std::int64_t H, int KV)
{
    if (H < 1 || H % KV != 0) {
        throw Error("extreme-token triad: " + std::to_string(H) + " attention heads are not a multiple of the " +
                    std::to_string(KV) + " kv heads");
    }
}

} // namespace

ExtremeTokenTriad extremeTokenTriad(const Array& resid, const Array& attention, const ValueStates& values)
{
    const int L = values.layers(), KV = values.kvHeads(), d = values.dim();
    if (resid.shape.size() != 3 || resid.shape[0] != L + 1 || resid.shape[2] != d) {
        throw Error("extreme-token triad: resid must be [" + std::to_string(L + 1) + ", T, " + std::to_string(d) + "]");
    }
    const auto T = resid.shape[1];
    if (attention.shape.size() != 4 || attention.shape[0] != L || attention.shape[2] != T || attention.shape[3] != T) {
        throw Error("extreme-token triad: attn must be [" + std::to_string(L) +
                    ", H, T, T] with T = " + std::to_string(T));
    }
    checkHeads(attention.shape[1], KV);
    ExtremeTokenTriad out = emptyTriad(L, KV, T);
    for (int l = 0; l < L; ++l)
        triadLayer(l, resid.slice(l), attention.slice(l), static_cast<int>(attention.shape[1]), values, out, l);
    return out;
}

ExtremeTokenTriad extremeTokenTriadAt(int layer, const Array& stream, const Array& attention, const ValueStates& values)
{
    if (layer < 0 || layer >= values.layers())
        throw Error("extreme-token triad: layer " + std::to_string(layer) + " is outside the model");
    if (stream.shape.size() != 2 || stream.shape[1] != values.dim())
        throw Error("extreme-token triad: the stream must be [T, d]");
    const auto T = stream.shape[0];
    if (attention.shape.size() != 3 || attention.shape[1] != T || attention.shape[2] != T) {
        throw Error("extreme-token triad: the layer's attn must be [H, T, T] with T = " + std::to_string(T));
    }
    checkHeads(attention.shape[0], values.kvHeads());
    ExtremeTokenTriad out = emptyTriad(1, values.kvHeads(), T);
    triadLayer(layer, stream.data.data(), attention.data.data(), static_cast<int>(attention.shape[0]), values, out, 0);
    return out;
}

} // namespace spectro
