#pragma once
// Hyper-parameters of a LLaMa-architecture decoder, whatever format they came from.
#include <cstdint>
#include <string>

namespace spectro {

struct ModelConfig {
    int dim = 0;          // d, width of the residual stream
    int hiddenDim = 0;    // SwiGLU inner width
    int nLayers = 0;
    int nHeads = 0;
    int nKvHeads = 0;     // < nHeads means grouped-query attention
    int vocabSize = 0;
    int maxSeqLen = 0;    // context window the model was configured with
    double ropeTheta = 10000.0;
    double normEps = 1e-5;
    bool tiedEmbeddings = false;
    int bosId = 1;
    int eosId = 2;

    int headDim() const { return nHeads > 0 ? dim / nHeads : 0; }
    int kvDim() const { return nHeads > 0 ? dim / nHeads * nKvHeads : 0; }
    std::int64_t parameterCount() const;

    // Throws Error naming `source` and the first field that is out of range or inconsistent.
    void validate(const std::string& source) const;
};

}  // namespace spectro
