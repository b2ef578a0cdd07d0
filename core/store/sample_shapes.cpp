#include "store/sample_shapes.h"

namespace spectro {

std::optional<std::vector<std::int64_t>> expectedSampleShape(const ModelConfig& c, const std::string& dataset,
                                                             std::int64_t T)
{
    const std::int64_t L = c.nLayers, d = c.dim, H = c.nHeads, V = c.vocabSize;
    if (dataset == "tokens") return std::vector<std::int64_t>{T};
    if (dataset == "resid") return std::vector<std::int64_t>{L + 1, T, d};
    if (dataset == "resid_mid" || dataset == "attn_out" || dataset == "mlp_out")
        return std::vector<std::int64_t>{L, T, d};
    if (dataset == "attn") return std::vector<std::int64_t>{L, H, T, T};
    if (dataset == "logits") return std::vector<std::int64_t>{T, V};
    if (dataset == "nll") return std::vector<std::int64_t>{T - 1};
    return std::nullopt;
}

} // namespace spectro
