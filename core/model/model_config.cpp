#include "model/model_config.h"

#include <cmath>

#include "util/error.h"

namespace spectro {

std::string ropeTypeName(RopeType type)
{
    switch (type) {
    case RopeType::Default: return "default";
    case RopeType::Linear: return "linear";
    case RopeType::Llama3: return "llama3";
    }
    return "?";
}

std::int64_t ModelConfig::parameterCount() const
{
    const std::int64_t d = dim, h = hiddenDim, v = vocabSize, q = queryDim(), kv = kvDim();
    const std::int64_t perLayer = 2 * d + d * q * 2 + 2 * d * kv + 3 * d * h;
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
    require(nHeads > 0 && nHeads <= 65536, "n_heads", nHeads, "expected 1..65536");
    if (explicitHeadDim == 0) {
        require(dim % nHeads == 0, "n_heads", nHeads, "must divide dim " + std::to_string(dim));
        require(headDim() % 2 == 0, "n_heads", nHeads, "head dimension dim/n_heads must be even for RoPE");
    } else {
        require(explicitHeadDim > 0 && explicitHeadDim <= 65536 && explicitHeadDim % 2 == 0, "head_dim",
                explicitHeadDim, "expected an even width, for RoPE's pairs");
    }
    require(nKvHeads > 0 && nHeads % nKvHeads == 0, "n_kv_heads", nKvHeads,
            "must divide n_heads " + std::to_string(nHeads));
    require(vocabSize > 0 && vocabSize <= 1 << 22, "vocab_size", vocabSize, "expected 1..4194304");
    require(maxSeqLen > 0 && maxSeqLen <= 1 << 22, "max_seq_len", maxSeqLen, "expected 1..4194304");
    require(slidingWindow >= 0, "sliding_window", slidingWindow, "expected a positive window or none");
    if (!(ropeTheta > 0) || !std::isfinite(ropeTheta)) throw Error(source + ": field 'rope_theta' must be positive");
    if (!(normEps > 0 && normEps < 1)) throw Error(source + ": field 'norm_eps' must lie in (0, 1)");
    if (rope.type != RopeType::Default && !(rope.factor > 0 && std::isfinite(rope.factor))) {
        throw Error(source + ": RoPE scaling factor " + std::to_string(rope.factor) + " must be positive");
    }
    if (rope.type == RopeType::Llama3) {
        if (!(rope.lowFreqFactor > 0) || !(rope.highFreqFactor > rope.lowFreqFactor) ||
            rope.originalMaxPositions <= 0) {
            throw Error(source + ": llama3 RoPE needs 0 < low_freq_factor < high_freq_factor and a positive "
                                 "original_max_position_embeddings");
        }
    }
    if (!rope.freqDivisors.empty()) {
        if (static_cast<int>(rope.freqDivisors.size()) != headDim() / 2) {
            throw Error(source + ": RoPE frequency divisors have " + std::to_string(rope.freqDivisors.size()) +
                        " values, expected head_dim / 2 = " + std::to_string(headDim() / 2));
        }
        for (double v : rope.freqDivisors) {
            if (!(v > 0) || !std::isfinite(v)) throw Error(source + ": a RoPE frequency divisor is not positive");
        }
    }
}

}  // namespace spectro
