#include "sinks/extreme_token_triad.h"

#include <string>

#include "util/eigen_maps.h"
#include "sinks/sink_rate.h"
#include "util/error.h"

namespace spectro {
namespace {

// x / mean(x) over one row of n values; NaN-free: a zero mean leaves zeros.
void relativeToMean(const double* x, double* out, int n)
{
    const Eigen::Map<const Eigen::ArrayXd> in(x, n);
    const double mean = in.mean();
    Eigen::Map<Eigen::ArrayXd>(out, n) = mean > 0 ? (in / mean).eval() : Eigen::ArrayXd::Zero(n).eval();
}

}  // namespace

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

ExtremeTokenTriad extremeTokenTriad(const Array& resid, const Array& attention, const ValueStates& values)
{
    const int L = values.layers(), KV = values.kvHeads(), d = values.dim();
    if (resid.shape.size() != 3 || resid.shape[0] != L + 1 || resid.shape[2] != d) {
        throw Error("extreme-token triad: resid must be [" + std::to_string(L + 1) + ", T, " + std::to_string(d) + "]");
    }
    const auto T = resid.shape[1];
    if (attention.shape.size() != 4 || attention.shape[0] != L || attention.shape[2] != T || attention.shape[3] != T ||
        attention.shape[1] % KV != 0) {
        throw Error("extreme-token triad: attn must be [" + std::to_string(L) + ", H, T, T] with T = " + std::to_string(T) +
                    " and H a multiple of the " + std::to_string(KV) + " kv heads");
    }
    const int H = static_cast<int>(attention.shape[1]), group = H / KV;
    ExtremeTokenTriad out;
    out.layers = L;
    out.kvHeads = KV;
    out.tokens = static_cast<int>(T);
    const auto n = static_cast<std::size_t>(L) * static_cast<std::size_t>(KV) * static_cast<std::size_t>(T);
    out.attention.assign(n, 0.0);
    out.valueNorm.resize(n);
    out.valueRatio.resize(n);
    out.residNorm.resize(static_cast<std::size_t>(L) * static_cast<std::size_t>(T));
    out.residRatio.resize(out.residNorm.size());

    const SinkScores alpha = sinkScores(attention, static_cast<int>(T));
    for (int l = 0; l < L; ++l) {
        for (int h = 0; h < H; ++h) {
            for (int t = 0; t < T; ++t) out.attention[out.at(l, h / group, t)] += alpha.at(l, h, t) / group;
        }
        const std::vector<double> v = values.norms(l, resid.slice(l), T);
        for (int g = 0; g < KV; ++g) {
            std::copy_n(v.data() + static_cast<std::size_t>(g) * T, T, out.valueNorm.data() + out.at(l, g, 0));
            relativeToMean(out.valueNorm.data() + out.at(l, g, 0), out.valueRatio.data() + out.at(l, g, 0), static_cast<int>(T));
        }
    }
    // The streams layer 0..L-1 read: resid[0..L-1], the first L of the L+1.
    StreamNorms norms = residualNorms(resid);
    norms.norm.resize(out.residNorm.size());
    norms.ratio.resize(out.residRatio.size());
    out.residNorm = std::move(norms.norm);
    out.residRatio = std::move(norms.ratio);
    return out;
}

}  // namespace spectro
