#include "model/model_config.h"

#include "util/error.h"

namespace spectro {

std::int64_t ModelConfig::parameterCount() const
{
    const std::int64_t d = dim, h = hiddenDim, v = vocabSize, kv = kvDim();
    const std::int64_t perLayer = 2 * d + d * d * 2 + 2 * d * kv + 3 * d * h;
    return v * d * (tiedEmbeddings ? 1 : 2) + nLayers * perLayer + d;
}

void ModelConfig::validate(const std::string& source) const
{
    auto require = [&](bool ok, const std::string& field, long long value, const std::string& expected) {
        if (!ok) {
            throw Error(source + ": field '" + field + "' = " + std::to_string(value) + " is invalid (" +
                        expected + ")");
        }
    };
    require(dim > 0 && dim <= 65536, "dim", dim, "expected 1..65536");
    require(hiddenDim > 0 && hiddenDim <= 1 << 20, "hidden_dim", hiddenDim, "expected 1..1048576");
    require(nLayers > 0 && nLayers <= 1024, "n_layers", nLayers, "expected 1..1024");
    require(nHeads > 0 && dim % nHeads == 0, "n_heads", nHeads, "must divide dim " + std::to_string(dim));
    require(headDim() % 2 == 0, "n_heads", nHeads, "head dimension dim/n_heads must be even for RoPE");
    require(nKvHeads > 0 && nHeads % nKvHeads == 0, "n_kv_heads", nKvHeads,
            "must divide n_heads " + std::to_string(nHeads));
    require(vocabSize > 0 && vocabSize <= 1 << 22, "vocab_size", vocabSize, "expected 1..4194304");
    require(maxSeqLen > 0 && maxSeqLen <= 1 << 22, "max_seq_len", maxSeqLen, "expected 1..4194304");
    if (!(ropeTheta > 0)) throw Error(source + ": field 'rope_theta' must be positive");
    if (!(normEps > 0 && normEps < 1)) throw Error(source + ": field 'norm_eps' must lie in (0, 1)");
}

}  // namespace spectro
