#include "sinks/secondary_sinks.h"

#include "sinks/sink_rate.h"
#include "util/eigen_maps.h"
#include "util/error.h"

namespace spectro {

std::vector<double> bosCosine(const Array& resid)
{
    if (resid.shape.size() != 3) throw Error("BoS cosine: resid must be [S, T, d]");
    const auto S = resid.shape[0], T = resid.shape[1], d = resid.shape[2];
    std::vector<double> out(static_cast<std::size_t>(S * T));
    for (std::int64_t s = 0; s < S; ++s) {
        const Eigen::MatrixXd stream = eigen::rowMatrix(resid.slice(s), T, d).cast<double>();
        const Eigen::VectorXd bos = stream.row(0).transpose();
        const Eigen::VectorXd dots = stream * bos;
        const Eigen::VectorXd norms = stream.rowwise().norm();
        for (std::int64_t t = 0; t < T; ++t) {
            const double denominator = norms(t) * norms(0);
            out[static_cast<std::size_t>(s * T + t)] = denominator > 0 ? dots(t) / denominator : 0.0;
        }
    }
    return out;
}

std::vector<double> attentionReceivedByToken(const Array& attention)
{
    if (attention.shape.size() != 4) throw Error("attention received: attn must be [L, H, T, T]");
    const SinkScores alpha = sinkScores(attention, static_cast<int>(attention.shape[2]));
    std::vector<double> out(static_cast<std::size_t>(alpha.layers) * static_cast<std::size_t>(alpha.positions), 0.0);
    for (int l = 0; l < alpha.layers; ++l) {
        for (int h = 0; h < alpha.heads; ++h) {
            for (int t = 0; t < alpha.positions; ++t) {
                out[static_cast<std::size_t>(l * alpha.positions + t)] += alpha.at(l, h, t) / alpha.heads;
            }
        }
    }
    return out;
}

} // namespace spectro
