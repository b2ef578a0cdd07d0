#include "sinks/value_states.h"

#include "model/checkpoint.h"
#include "util/eigen_maps.h"
#include "util/error.h"

#include <string>

namespace spectro {

ValueStates::ValueStates(const Checkpoint& checkpoint)
{
    const ModelConfig& c = checkpoint.config;
    layers_ = c.nLayers;
    kvHeads_ = c.nKvHeads;
    headDim_ = c.headDim();
    dim_ = c.dim;
    eps_ = c.normEps;
    for (int l = 0; l < layers_; ++l) {
        const RawTensor& wv = checkpoint.tensor(layerTensorName(l, "wv"));
        const RawTensor& gain = checkpoint.tensor(layerTensorName(l, "attention_norm"));
        if (wv.shape != std::vector<std::int64_t>{static_cast<std::int64_t>(kvHeads_) * headDim_, dim_} ||
            gain.shape != std::vector<std::int64_t>{dim_}) {
            throw Error(checkpoint.path + ": " + wv.name + " / " + gain.name + " do not have the shapes of the config");
        }
        wv_.push_back(wv.toFloat());
        gain_.push_back(gain.toFloat());
    }
}

std::vector<float> ValueStates::values(int layer, const float* h, std::int64_t tokens) const
{
    if (layer < 0 || layer >= layers_)
        throw Error("value states: layer " + std::to_string(layer) + " is outside the model");
    const auto H = eigen::rowMatrix(h, tokens, dim_);
    const Eigen::Map<const Eigen::RowVectorXf> gain(gain_[static_cast<std::size_t>(layer)].data(), dim_);
    const auto Wv = eigen::rowMatrix(wv_[static_cast<std::size_t>(layer)].data(),
                                     static_cast<std::int64_t>(kvHeads_) * headDim_, dim_);
    // RMSNorm row by row: x / sqrt(mean(x^2) + eps) * gain.
    const Eigen::VectorXf inverseRms =
        ((H.array().square().rowwise().sum() / static_cast<float>(dim_)) + static_cast<float>(eps_)).rsqrt();
    const eigen::RowMatrixF normed = (H.array().colwise() * inverseRms.array()).rowwise() * gain.array();
    std::vector<float> out(static_cast<std::size_t>(tokens) * static_cast<std::size_t>(kvHeads_) *
                           static_cast<std::size_t>(headDim_));
    Eigen::Map<eigen::RowMatrixF> V(out.data(), tokens, static_cast<Eigen::Index>(kvHeads_) * headDim_);
    V.noalias() = normed * Wv.transpose(); // v(t) = W_v RMSNorm(h_t), one GEMM (OpenBLAS)
    return out;
}

std::vector<double> ValueStates::norms(int layer, const float* h, std::int64_t tokens) const
{
    const std::vector<float> v = values(layer, h, tokens);
    const auto V = eigen::rowMatrix(v.data(), tokens, static_cast<std::int64_t>(kvHeads_) * headDim_);
    std::vector<double> out(static_cast<std::size_t>(kvHeads_) * static_cast<std::size_t>(tokens));
    for (int g = 0; g < kvHeads_; ++g) {
        for (std::int64_t t = 0; t < tokens; ++t) {
            out[static_cast<std::size_t>(g * tokens + t)] =
                V.row(t).segment(g * headDim_, headDim_).cast<double>().norm();
        }
    }
    return out;
}

} // namespace spectro
