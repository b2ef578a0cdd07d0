#pragma once
// Deterministic fake taps and a small config for the cache tests: every value is a function of
// (sample, position) so that a test can recompute what any sample must hold, independently of
// the writer.
#include "engine/forward.h"
#include "model/model_config.h"
#include "store/cache_writer.h"

#include <cmath>

namespace spectro::test {

inline ModelConfig smallConfig()
{
    ModelConfig c;
    c.dim = 4, c.hiddenDim = 8, c.nLayers = 2, c.nHeads = 2, c.nKvHeads = 1, c.vocabSize = 16, c.maxSeqLen = 64;
    return c;
}

inline CacheIdentity smallIdentity(const std::string& fingerprint = "abc123",
                                   const std::string& options = "{\"taps\":\"resid\"}")
{
    return {"model.bin", "llama2c-v0", fingerprint, "sentencepiece:tok.model", options};
}

inline float residValue(int sample, std::size_t i)
{
    return static_cast<float>(sample) * 1000.0f + static_cast<float>(i) * 0.25f;
}

// resid [L+1, T, d] and attn [L, H, T, T] of `sample`, for a config like smallConfig().
inline SampleTaps fakeTaps(int sample, int T, const ModelConfig& c = smallConfig())
{
    SampleTaps t;
    for (int i = 0; i < T; ++i) t.tokens.push_back(1 + (sample * 7 + i) % (c.vocabSize - 1));
    t.resid = Array({c.nLayers + 1, T, c.dim});
    for (std::size_t i = 0; i < t.resid.data.size(); ++i) t.resid.data[i] = residValue(sample, i);
    t.attention = Array({c.nLayers, c.nHeads, T, T});
    for (std::size_t i = 0; i < t.attention.data.size(); ++i)
        t.attention.data[i] = static_cast<float>((i + static_cast<std::size_t>(sample)) % 7) / 8.0f;
    return t;
}

inline std::vector<float> fakeNll(int sample, int T)
{
    std::vector<float> nll;
    for (int i = 1; i < T; ++i) nll.push_back(static_cast<float>(sample) + 0.5f * static_cast<float>(i));
    return nll;
}

} // namespace spectro::test
