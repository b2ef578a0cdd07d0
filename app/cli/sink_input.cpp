#include "sink_input.h"

#include "cache_spectrum.h"
#include "engine/transformer.h"
#include "model/checkpoint.h"
#include "sample_options.h"
#include "sinks/massive_activations.h"
#include "sinks/sink_rate.h"
#include "spectral/spectrum_store.h"
#include "store/cache_reader.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <cstdio>

namespace spectro::cli {

std::vector<OptionSpec> sinkInputOptions(int defaultSamples)
{
    auto options = sampleOptions(defaultSamples);
    options.push_back(
        {"cache", "FILE", "measure the samples of this cache (its resid / attn taps) instead of running MODEL"});
    options.push_back({"model", "MODEL", "with --cache: the model that made it (default: the cache's model_path)"});
    return options;
}

SinkInput::SinkInput(const Arguments& args, SinkNeeds needs, int defaultMaxTokens) : args_(args), needs_(needs)
{
    if (args.has("cache")) {
        if (args.has("text") || args.has("jsonl") || args.has("prompt")) {
            throw UsageError("give either --cache FILE or one of --text, --jsonl, --prompt, not both");
        }
        cache_ = std::make_unique<CacheReader>(args.text("cache"));
        config_ = cache_->config();
        cacheSamples_ = cache_->sampleIndices();
        if (cacheSamples_.empty()) throw Error(cache_->path() + ": the cache holds no complete sample");
        const auto limit = static_cast<std::size_t>(args.integer("samples", 1 << 24, 1, 1 << 24));
        if (cacheSamples_.size() > limit) cacheSamples_.resize(limit);
        const std::string model = args.positional.empty() ? std::string{} : args.positional[0];
        if (needs.weights || !model.empty() || cacheModelReachable(*cache_, args))
            cacheModel(*cache_, args, model_, model);
        for (int index : cacheSamples_) {
            for (const char* tap : {"resid", "attn"}) {
                const bool wanted = std::string(tap) == "resid" ? needs.resid : needs.attention;
                if (wanted && !cache_->has(index, tap)) {
                    throw Error(cache_->path() + ": sample " + std::to_string(index) + " has no " + tap +
                                " tap (run with --taps resid,attn)");
                }
            }
        }
        if (needs.spectrum) spectrum_ = spectrumFor(*cache_, SpectralMatrix::Unembed, args, model_);
        return;
    }
    requireOneSampleSource(args);
    model_ = std::make_unique<OpenedModel>(openModel(modelArgument(args, 0), args, true));
    config_ = model_->checkpoint->config;
    Arguments windows = args;
    if (defaultMaxTokens > 0 && !args.has("max-tokens"))
        windows.values_["max-tokens"] = std::to_string(defaultMaxTokens);
    for (auto& s : selectSamples(windows, requireTokenizer(*model_), config_.maxSeqLen, 8).samples)
        samples_.push_back(std::move(s.tokens));
    if (needs.spectrum) spectrum_ = loadOrComputeSpectrum(*model_->checkpoint, SpectralMatrix::Unembed);
}

SinkInput::~SinkInput() = default;

int SinkInput::count() const
{
    return cache_ ? static_cast<int>(cacheSamples_.size()) : static_cast<int>(samples_.size());
}

int SinkInput::sampleIndex(int i) const
{
    return cache_ ? cacheSamples_[static_cast<std::size_t>(i)] : i;
}

SampleTaps SinkInput::sample(int i) const
{
    SampleTaps taps;
    if (cache_) {
        const int index = sampleIndex(i);
        taps.tokens = cache_->tokens(index);
        if (needs_.resid) taps.resid = cache_->read(index, "resid");
        if (needs_.attention) taps.attention = cache_->read(index, "attn");
        return taps;
    }
    ForwardRequest request;
    request.samples = {samples_[static_cast<std::size_t>(i)]};
    request.taps = TapSet::parse("none");
    request.taps.resid = needs_.resid;
    request.taps.attention = needs_.attention;
    request.taps.logits = false;
    return model_->transformer->forward(request).front();
}

std::string SinkInput::piece(int id) const
{
    if (!model_ || !model_->tokenizer || id < 0 || id >= model_->tokenizer->vocabSize()) return "";
    return model_->tokenizer->piece(id);
}

const OpenedModel& SinkInput::model() const
{
    if (!model_) throw Error("no model: pass MODEL (or --model) with --cache");
    return *model_;
}

std::shared_ptr<const Spectrum> SinkInput::unembedSpectrum() const
{
    if (!spectrum_) throw Error("no W_u spectrum at hand");
    return spectrum_;
}

std::string SinkInput::source() const
{
    return cache_ ? cache_->path() : model_->checkpoint->path;
}

std::vector<OptionSpec> sinkAnalysisOptions()
{
    return {{"sink-epsilon", "E", "sink rate: alpha above E (default 0.3)"},
            {"sink-tokens", "T", "sink rate: on the first T tokens (default 64)"},
            {"sink-pooled", "", "sink rate: threshold the mean alpha over samples"},
            {"massive-top", "K", "massive activations: entries kept per stream (default 10)"},
            {"massive-above", "X", "massive when |h| > X (default 100) ..."},
            {"massive-ratio", "R", "... and |h| > R x the stream's median |h| (default 1000)"},
            {"no-value-norms", "", "skip the value-state norms (they need the model's weights)"}};
}

SinkRateOptions sinkRateOptions(const Arguments& args, const std::string& prefix)
{
    SinkRateOptions o;
    o.epsilon = args.real(prefix + "epsilon", o.epsilon);
    o.tokens = static_cast<int>(args.integer(prefix + "tokens", o.tokens, 1, 1 << 20));
    o.pooled = args.has(prefix + "pooled");
    return o;
}

MassiveOptions massiveOptions(const Arguments& args, const std::string& prefix)
{
    MassiveOptions o;
    o.top = static_cast<int>(args.integer(prefix + "top", o.top, 1, 1 << 20));
    o.above = args.real(prefix + "above", o.above);
    o.ratio = args.real(prefix + "ratio", o.ratio);
    return o;
}

std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string number(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.9g", value);
    return buffer;
}

} // namespace spectro::cli
