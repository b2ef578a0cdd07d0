#pragma once
// What the sink verbs (sink-rate, massive, triad, secondary-sinks) measure: the samples of a
// cache (--cache C.h5: tokens, resid and attn as stored) or forward passes of MODEL over
// --prompt / --text / --jsonl (one sample at a time, only the taps the verb needs). The model is
// opened for a cache only when the verb needs its weights, spectrum or tokenizer and can find it.
#include "arguments.h"
#include "engine/forward.h"
#include "model/model_config.h"
#include "verbs.h"

#include <memory>
#include <string>
#include <vector>

namespace spectro {
class CacheReader;
struct MassiveOptions;
struct SinkRateOptions;
struct Spectrum;
} // namespace spectro

namespace spectro::cli {

struct SinkNeeds {
    bool resid = false, attention = false;
    bool weights = false;  // the model's weights (value states): a cache needs its model
    bool spectrum = false; // W_u's spectrum (U-dark ratios)
};

class SinkInput {
public:
    // `defaultMaxTokens` overrides the samples' --max-tokens default (0: min(256, context)).
    SinkInput(const Arguments& args, SinkNeeds needs, int defaultMaxTokens = 0);
    ~SinkInput();

    const ModelConfig& config() const { return config_; }
    int count() const;
    int sampleIndex(int i) const; // the cache's sample index, or i
    // Tokens and the taps asked for of sample i (a forward pass, or read from the cache).
    SampleTaps sample(int i) const;
    // A displayable piece for a token id, "" when no tokenizer is at hand.
    std::string piece(int id) const;
    const OpenedModel& model() const;                        // Error when there is none
    std::shared_ptr<const Spectrum> unembedSpectrum() const; // needs.spectrum
    std::string source() const;                              // the cache path, or the model path

private:
    const Arguments& args_;
    SinkNeeds needs_;
    ModelConfig config_;
    std::unique_ptr<CacheReader> cache_;
    std::vector<int> cacheSamples_;
    mutable std::unique_ptr<OpenedModel> model_;
    std::vector<std::vector<int>> samples_;
    std::shared_ptr<const Spectrum> spectrum_;
};

// --cache, and the sample options of `run` (--text, --jsonl, --field, --prompt, --max-tokens, --samples).
std::vector<OptionSpec> sinkInputOptions(int defaultSamples);

// The options of `analyze` for its sink measurements: --sink-epsilon, --sink-tokens,
// --sink-pooled, --massive-top, --massive-above, --massive-ratio, --no-value-norms.
std::vector<OptionSpec> sinkAnalysisOptions();

// --<prefix>epsilon, --<prefix>tokens, --<prefix>pooled (sink-rate: no prefix; analyze: "sink-").
SinkRateOptions sinkRateOptions(const Arguments& args, const std::string& prefix);
// --<prefix>top, --<prefix>above, --<prefix>ratio (massive: no prefix; analyze, controls: "massive-").
MassiveOptions massiveOptions(const Arguments& args, const std::string& prefix);

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string csvField(const std::string& text);
// %.9g (the CLI's CSV precision).
std::string number(double value);

} // namespace spectro::cli
