#pragma once
// The corpus as token ids, split into training and held-out parts, and the seeded sampler that
// cuts training windows. Every window starts with BoS: a fixed first token that every query can
// attend to is what lets the model learn an attention sink (docs/demo-model.md).
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace spectro {

class Tokenizer;
struct CorpusFile;

struct TokenData {
    std::vector<int> train;    // documents of all files, each followed by EoS
    std::vector<int> heldOut;  // the last `heldOutFraction` of every file's tokens
    int bosId = 1;
};

// Throws Error when a file gives no tokens or the training part is shorter than one window.
// `documentBos`: every document starts with BoS in the stream (besides the BoS of every window).
TokenData tokenizeCorpus(const std::vector<CorpusFile>& corpus, const Tokenizer& tokenizer, double heldOutFraction,
                         int context, bool documentBos = false);

// Held-out samples as NLL evaluations cut them (corpus/samples.h): BoS, then consecutive
// windows of context-1 tokens. At most `maxSamples`.
std::vector<std::vector<int>> heldOutSamples(const TokenData& data, int context, int maxSamples);

// Random training windows: inputs [BoS, s[o], ..., s[o+T-2]], targets [s[o], ..., s[o+T-1]].
// The generator state is saved with a checkpoint, so a resumed run sees the same windows.
class WindowSampler {
public:
    // `repeatFraction` of the windows hold a span of (context-1)/2 tokens twice.
    WindowSampler(const TokenData& data, int context, std::uint64_t seed, double repeatFraction = 0.0);
    // Fills `inputs` and `targets` with batch * context ids, row-major [batch][context].
    void next(int batch, std::vector<std::int64_t>& inputs, std::vector<std::int64_t>& targets);
    std::string state() const;
    void restore(const std::string& state);

private:
    const TokenData& data_;
    int context_;
    double repeatFraction_;
    std::mt19937_64 rng_;
};

}  // namespace spectro
