#pragma once
// Hyper-parameters of a LLaMa-architecture decoder, whatever format they came from.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace spectro {

// How RoPE's inverse frequencies theta^(-2i/hd) are rescaled (model/rope_frequencies.h computes
// them). Only the kinds that give a fixed table are supported; the loaders refuse the others
// (dynamic NTK, YaRN, LongRoPE) by name.
enum class RopeType {
    Default,  // theta^(-2i/hd)
    Linear,   // divided by `factor` (position interpolation)
    Llama3,   // LLaMa-3.1: long wavelengths divided by `factor`, short ones kept, a smooth ramp between
};
std::string ropeTypeName(RopeType type);

struct RopeScaling {
    RopeType type = RopeType::Default;
    double factor = 1.0;           // linear, llama3
    double lowFreqFactor = 1.0;    // llama3
    double highFreqFactor = 4.0;   // llama3
    int originalMaxPositions = 0;  // llama3: original_max_position_embeddings
    // GGUF's rope_freqs.weight (llama.cpp's "frequency factors", how LLaMa-3.1 GGUF files carry
    // their scaling): inverse frequency i is divided by divisors[i]. Empty: none.
    std::vector<double> freqDivisors;

    bool isDefault() const { return type == RopeType::Default && freqDivisors.empty(); }
    bool operator==(const RopeScaling&) const = default;
};

struct ModelConfig {
    int dim = 0;          // d, width of the residual stream
    int hiddenDim = 0;    // SwiGLU inner width
    int nLayers = 0;
    int nHeads = 0;
    int nKvHeads = 0;     // < nHeads means grouped-query attention
    int vocabSize = 0;
    int maxSeqLen = 0;    // context window the model was configured with
    double ropeTheta = 10000.0;
    RopeScaling rope;
    // Width of one attention head when the file says so and it differs from dim / nHeads
    // (Mistral-style head_dim); 0: dim / nHeads.
    int explicitHeadDim = 0;
    // Mistral's sliding-window attention: a pass longer than this is refused (full causal
    // attention is exact up to it). 0: none.
    int slidingWindow = 0;
    double normEps = 1e-5;
    bool tiedEmbeddings = false;
    int bosId = 1;
    int eosId = 2;
    // Where the values that change the math came from, by field ("rope_theta" -> "rope_parameters",
    // "rope_theta" -> "llama.rope.freq_base", ...), for `info` and the cache.
    std::map<std::string, std::string> sources;

    int headDim() const { return explicitHeadDim > 0 ? explicitHeadDim : nHeads > 0 ? dim / nHeads : 0; }
    int queryDim() const { return headDim() * nHeads; }  // rows of W_q, columns of W_o
    int kvDim() const { return headDim() * nKvHeads; }
    std::int64_t parameterCount() const;

    // Throws Error naming `source` and the first field that is out of range or inconsistent.
    void validate(const std::string& source) const;
};

}  // namespace spectro
