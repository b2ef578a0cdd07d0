// The builders of the sink figures (sink_figures.h) from a cache, one slice at a time.
#include "figures/sink_figures.h"
#include "figures/provenance.h"

#include "sinks/extreme_token_triad.h"
#include "sinks/massive_activations.h"
#include "sinks/sink_rate.h"
#include "spectral/bands.h"
#include "spectral/spectrum.h"
#include "store/cache_reader.h"
#include "util/error.h"

#include <algorithm>

namespace spectro::figures {
namespace {

void requireSample(const CacheReader& cache, int sample)
{
    const auto samples = cache.sampleIndices();
    if (std::find(samples.begin(), samples.end(), sample) == samples.end()) {
        throw Error(cache.path() + ": no sample " + std::to_string(sample));
    }
}

void requireTap(const CacheReader& cache, int sample, const char* tap, const char* figure)
{
    if (!cache.has(sample, tap)) {
        throw Error(cache.path() + ": the " + figure + " needs the " + tap + " tap, which sample " +
                    std::to_string(sample) + " lacks (run with --taps resid,attn)");
    }
}

// The cache's own provenance (figures/provenance.h: cache, weights, app version) and the figure's name.
std::map<std::string, std::string> provenanceOf(const CacheReader& cache, const std::string& figure)
{
    Provenance p = cacheProvenance(cache);
    p["figure"] = figure;
    return p;
}

} // namespace

SinkRateFigure buildSinkRateFigure(const CacheReader& cache, const SinkRateOptions& options,
                                   const std::vector<int>& samples, int position)
{
    const int L = cache.config().nLayers, H = cache.config().nHeads;
    SinkRate rate(options);
    for (int sample : samples.empty() ? cache.sampleIndices() : samples) {
        requireSample(cache, sample);
        if (!cache.has(sample, "attn")) {
            if (!samples.empty()) requireTap(cache, sample, "attn", "sink rate");
            continue;
        }
        // Layer by layer: one [H, T, T] slice at a time.
        SinkScores scores;
        for (int l = 0; l < L; ++l) {
            const Array layer = cache.readSlice(sample, "attn", l);
            const SinkScores one = sinkScores(layer.data.data(), 1, H, layer.shape.at(1), options.tokens);
            if (l == 0)
                scores = SinkScores{L, H, one.positions,
                                    std::vector<double>(static_cast<std::size_t>(L) * H * one.positions)};
            std::copy(one.alpha.begin(), one.alpha.end(),
                      scores.alpha.begin() + static_cast<std::ptrdiff_t>(l) * H * one.positions);
        }
        rate.add(scores);
    }
    if (rate.samples() == 0)
        throw Error(cache.path() + ": the sink rate needs the attn tap, and no sample has it (run with --taps attn)");
    if (position < 0 || position >= rate.positions()) {
        throw Error(cache.path() + ": sink rate: position " + std::to_string(position) + " is outside 0.." +
                    std::to_string(rate.positions() - 1));
    }
    SinkRateFigure f;
    f.layers = L;
    f.heads = H;
    f.positions = rate.positions();
    f.samples = rate.samples();
    f.epsilon = options.epsilon;
    f.tokens = options.tokens;
    f.pooled = options.pooled;
    f.position = position;
    for (int l = 0; l < L; ++l) {
        for (int h = 0; h < H; ++h) {
            for (int k = 0; k < f.positions; ++k) {
                f.alpha.push_back(rate.meanAlpha(l, h, k));
                f.headRate.push_back(rate.headRate(l, h, k));
            }
        }
        for (int k = 0; k < f.positions; ++k) f.layerRate.push_back(rate.layerRate(l, k));
    }
    for (int k = 0; k < f.positions; ++k) f.rate.push_back(rate.rate(k));
    f.provenance = provenanceOf(cache, "sink rate");
    f.provenance["epsilon"] = formatNumber(options.epsilon);
    f.provenance["tokens"] = std::to_string(options.tokens);
    f.provenance["samples"] = std::to_string(f.samples);
    return f;
}

MassiveActivationsFigure buildMassiveActivationsFigure(const CacheReader& cache, int sample,
                                                       const MassiveOptions& options, TokenLabels tokens,
                                                       const Spectrum* unembed, const BandLayout* bands)
{
    requireSample(cache, sample);
    requireTap(cache, sample, "resid", "massive-activations figure");
    MassiveActivationsFigure f;
    f.sample = sample;
    f.streams = cache.config().nLayers + 1;
    f.above = options.above;
    f.ratio = options.ratio;
    f.tokens = std::move(tokens);
    const std::vector<double> udr = unembed && bands ? channelDarkRatios(*unembed, *bands) : std::vector<double>{};
    for (int s = 0; s < f.streams; ++s) {
        const Array stream = cache.readSlice(sample, "resid", s); // [T, d]
        const StreamActivations a =
            streamActivations(stream.data.data(), stream.shape.at(0), static_cast<int>(stream.shape.at(1)), options);
        f.top = static_cast<int>(a.top.size());
        f.median.push_back(a.median);
        for (const MassiveEntry& e : a.top) {
            f.value.push_back(e.value);
            f.position.push_back(e.position);
            f.channel.push_back(e.channel);
            f.massive.push_back(e.massive ? 1 : 0);
            if (!udr.empty()) f.channelUdr.push_back(udr[static_cast<std::size_t>(e.channel)]);
        }
    }
    f.provenance = provenanceOf(cache, "massive activations");
    f.provenance["sample"] = std::to_string(sample);
    f.provenance["above"] = formatNumber(options.above);
    f.provenance["ratio"] = formatNumber(options.ratio);
    return f;
}

TriadFigure buildTriadFigure(const CacheReader& cache, int sample, int layer, const ValueStates& values,
                             TokenLabels tokens)
{
    requireSample(cache, sample);
    requireTap(cache, sample, "resid", "triad figure");
    requireTap(cache, sample, "attn", "triad figure");
    if (layer < 0 || layer >= cache.config().nLayers) {
        throw Error(cache.path() + ": triad: layer " + std::to_string(layer) + " is outside 0.." +
                    std::to_string(cache.config().nLayers - 1));
    }
    const ExtremeTokenTriad triad = extremeTokenTriadAt(layer, cache.readSlice(sample, "resid", layer),
                                                        cache.readSlice(sample, "attn", layer), values);
    TriadFigure f;
    f.sample = sample;
    f.layer = layer;
    f.kvHeads = triad.kvHeads;
    f.queryHeads = cache.config().nHeads;
    f.tokens = std::move(tokens);
    f.attention = triad.attention;
    f.valueNorm = triad.valueNorm;
    f.valueRatio = triad.valueRatio;
    f.residNorm = triad.residNorm;
    f.residRatio = triad.residRatio;
    f.provenance = provenanceOf(cache, "extreme-token triad");
    f.provenance["sample"] = std::to_string(sample);
    f.provenance["layer"] = std::to_string(layer);
    return f;
}

} // namespace spectro::figures
