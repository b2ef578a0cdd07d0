// The sink figures (sink_figures.h) from what `analyze` stored under /analysis: the workbench's
// views read these few small datasets (one layer's row of a triad, one sample's top entries)
// instead of recomputing from the attention, which for a 7B sample is 32 x 32 x T x T floats.
#include "figures/sink_figures.h"
#include "figures/provenance.h"
#include "sinks/massive_activations.h"
#include "store/cache_reader.h"
#include "store/cache_writer.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>

namespace spectro::figures {
namespace {

const char* const kAnalyzeHint = " (Run \u25b8 Analyze Cache, or spectroscope-cli analyze)";

void requireAnalysis(const CacheReader& cache, const std::string& dataset, const std::string& what)
{
    if (!cache.hasAnalysis(dataset)) {
        throw Error(cache.path() + ": /analysis/" + dataset + " is missing: the " + what + " needs the cache analysed" +
                    kAnalyzeHint);
    }
}

// A number attribute of /analysis, `fallback` when the analysis predates it.
double analysisNumber(const std::map<std::string, std::string>& attributes, const std::string& name, double fallback)
{
    const auto it = attributes.find(name);
    if (it == attributes.end()) return fallback;
    try {
        return std::stod(it->second);
    } catch (const std::exception&) {
        throw Error("/analysis attribute " + name + " is not a number: '" + it->second + "'");
    }
}

template <class Floats> std::vector<double> doubles(const Floats& v)
{
    return {v.begin(), v.end()};
}

void requireShape(const CacheReader& cache, const std::string& dataset, const Array& a,
                  const std::vector<std::int64_t>& shape)
{
    if (a.shape != shape) {
        std::string want;
        for (auto n : shape) want += (want.empty() ? "" : ", ") + std::to_string(n);
        throw Error(cache.path() + ": /analysis/" + dataset + " should have shape [" + want + "]");
    }
}

// The cache's own provenance (figures/provenance.h: cache, weights, app version) and the figure's name.
std::map<std::string, std::string> provenanceOf(const CacheReader& cache, const std::string& figure)
{
    Provenance p = cacheProvenance(cache);
    p["figure"] = figure;
    p["source"] = "/analysis";
    return p;
}

int sampleIn(const CacheReader& cache, int sample)
{
    const auto samples = cache.sampleIndices();
    if (!std::binary_search(samples.begin(), samples.end(), sample))
        throw Error(cache.path() + ": no sample " + std::to_string(sample));
    return sample;
}

} // namespace

SinkRateFigure sinkRateFigureFromAnalysis(const CacheReader& cache, int position)
{
    requireAnalysis(cache, "sink_rate/head", "sink rate (it needs the attn tap)");
    const auto attributes = cache.analysisAttributes();
    const Array head = cache.readAnalysis("sink_rate/head");
    if (head.shape.size() != 3) throw Error(cache.path() + ": /analysis/sink_rate/head is not [L, H, K]");
    const auto L = head.shape[0], H = head.shape[1], K = head.shape[2];
    const Array layer = cache.readAnalysis("sink_rate/layer");
    requireShape(cache, "sink_rate/layer", layer, {L, K});
    const Array overall = cache.readAnalysis("sink_rate/overall");
    requireShape(cache, "sink_rate/overall", overall, {K});
    if (position < 0 || position >= K) {
        throw Error(cache.path() + ": sink rate: position " + std::to_string(position) + " is outside 0.." +
                    std::to_string(K - 1));
    }
    SinkRateFigure f;
    f.layers = static_cast<int>(L);
    f.heads = static_cast<int>(H);
    f.positions = static_cast<int>(K);
    f.epsilon = analysisNumber(attributes, "sink_epsilon", f.epsilon);
    f.tokens = static_cast<int>(analysisNumber(attributes, "sink_tokens", f.tokens));
    f.pooled = analysisNumber(attributes, "sink_pooled", 0) != 0;
    f.position = position;
    f.headRate = doubles(head.data);
    f.layerRate = doubles(layer.data);
    f.rate = doubles(overall.data);
    // alpha: the mean over the samples that reach position k of each sample's alpha (SinkRate::meanAlpha).
    std::vector<double> sum(static_cast<std::size_t>(L * H * K), 0.0);
    std::vector<int> reach(static_cast<std::size_t>(K), 0);
    for (int sample : cache.sampleIndices()) {
        const std::string name = "sink_alpha/" + sampleName(sample);
        if (!cache.hasAnalysis(name)) continue;
        const Array alpha = cache.readAnalysis(name);
        if (alpha.shape.size() != 3 || alpha.shape[0] != L || alpha.shape[1] != H || alpha.shape[2] > K)
            throw Error(cache.path() + ": /analysis/" + name + " is not [L, H, k <= " + std::to_string(K) + "]");
        const auto Ks = alpha.shape[2];
        for (std::int64_t lh = 0; lh < L * H; ++lh)
            for (std::int64_t k = 0; k < Ks; ++k)
                sum[static_cast<std::size_t>(lh * K + k)] += alpha.data[static_cast<std::size_t>(lh * Ks + k)];
        for (std::int64_t k = 0; k < Ks; ++k) ++reach[static_cast<std::size_t>(k)];
        ++f.samples;
    }
    f.alpha.resize(sum.size());
    for (std::size_t i = 0; i < sum.size(); ++i) {
        const int n = reach[i % static_cast<std::size_t>(K)];
        f.alpha[i] = n > 0 ? sum[i] / n : std::nan("");
    }
    f.provenance = provenanceOf(cache, "sink rate");
    f.provenance["epsilon"] = formatNumber(f.epsilon);
    f.provenance["tokens"] = std::to_string(f.tokens);
    f.provenance["samples"] = std::to_string(f.samples);
    f.provenance["position"] = std::to_string(position);
    return f;
}

MassiveActivationsFigure massiveActivationsFigureFromAnalysis(const CacheReader& cache, int sample, TokenLabels tokens,
                                                              double above, double ratio)
{
    const std::string s = sampleName(sampleIn(cache, sample));
    requireAnalysis(cache, "massive_value/" + s, "massive-activations view");
    const auto attributes = cache.analysisAttributes();
    const Array value = cache.readAnalysis("massive_value/" + s);
    if (value.shape.size() != 2) throw Error(cache.path() + ": /analysis/massive_value/" + s + " is not [S, K]");
    const auto S = value.shape[0], K = value.shape[1];
    const Array position = cache.readAnalysis("massive_position/" + s);
    requireShape(cache, "massive_position/" + s, position, {S, K});
    const Array channel = cache.readAnalysis("massive_channel/" + s);
    requireShape(cache, "massive_channel/" + s, channel, {S, K});
    const Array median = cache.readAnalysis("massive_median/" + s);
    requireShape(cache, "massive_median/" + s, median, {S});
    MassiveOptions thresholds;
    thresholds.above = std::isnan(above) ? analysisNumber(attributes, "massive_above", thresholds.above) : above;
    thresholds.ratio = std::isnan(ratio) ? analysisNumber(attributes, "massive_ratio", thresholds.ratio) : ratio;
    const std::vector<double> udr =
        cache.hasAnalysis("channel_udr") ? doubles(cache.readAnalysis("channel_udr").data) : std::vector<double>{};
    const auto T = static_cast<int>(cache.tokens(sample).size());
    MassiveActivationsFigure f;
    f.sample = sample;
    f.streams = static_cast<int>(S);
    f.top = static_cast<int>(K);
    f.above = thresholds.above;
    f.ratio = thresholds.ratio;
    f.tokens = std::move(tokens);
    f.median = doubles(median.data);
    for (std::int64_t i = 0; i < S * K; ++i) {
        const auto at = static_cast<std::size_t>(i);
        const int p = static_cast<int>(position.data[at]), c = static_cast<int>(channel.data[at]);
        if (p < 0 || p >= T || c < 0 || (!udr.empty() && c >= static_cast<int>(udr.size())))
            throw Error(cache.path() + ": /analysis/massive_position or massive_channel of sample " + s +
                        " points outside the sample");
        f.value.push_back(value.data[at]);
        f.position.push_back(p);
        f.channel.push_back(c);
        // The flag under the chosen thresholds (the stored massive_flag is under the analysis's).
        f.massive.push_back(thresholds.isMassive(std::fabs(value.data[at]), f.median[at / K]) ? 1 : 0);
        if (!udr.empty()) f.channelUdr.push_back(udr[static_cast<std::size_t>(c)]);
    }
    f.provenance = provenanceOf(cache, "massive activations");
    f.provenance["sample"] = std::to_string(sample);
    f.provenance["above"] = formatNumber(f.above);
    f.provenance["ratio"] = formatNumber(f.ratio);
    return f;
}

bool hasStoredTriad(const CacheReader& cache, int sample)
{
    return cache.hasAnalysis("value_norm/" + sampleName(sample));
}

TriadFigure triadFigureFromAnalysis(const CacheReader& cache, int sample, int layer, TokenLabels tokens)
{
    const std::string s = sampleName(sampleIn(cache, sample));
    requireAnalysis(cache, "triad_attention/" + s, "triad (it needs the attn tap)");
    if (!hasStoredTriad(cache, sample)) {
        throw Error(cache.path() +
                    ": the triad's value-state norms need the model's weights; open the model that "
                    "made the cache, or analyse the cache with it" +
                    std::string(kAnalyzeHint));
    }
    const auto shape = cache.analysisShape("value_norm/" + s);
    if (shape.size() != 3) throw Error(cache.path() + ": /analysis/value_norm/" + s + " is not [L, G, T]");
    const auto L = shape[0], G = shape[1], T = shape[2];
    if (layer < 0 || layer >= L)
        throw Error(cache.path() + ": triad: layer " + std::to_string(layer) + " is outside 0.." +
                    std::to_string(L - 1));
    // One layer's row of each dataset.
    auto row3 = [&](const std::string& measure) {
        const std::string name = measure + "/" + s;
        if (cache.analysisShape(name) != shape) throw Error(cache.path() + ": /analysis/" + name + " is not [L, G, T]");
        return doubles(cache.readAnalysisBlock(name, {layer, 0, 0}, {1, G, T}).data);
    };
    auto row2 = [&](const std::string& measure) {
        const std::string name = measure + "/" + s;
        const auto streams = cache.analysisShape(name);
        if (streams.size() != 2 || streams[0] <= layer || streams[1] != T)
            throw Error(cache.path() + ": /analysis/" + name + " is not [L+1, T]");
        return doubles(cache.readAnalysisBlock(name, {layer, 0}, {1, T}).data);
    };
    TriadFigure f;
    f.sample = sample;
    f.layer = layer;
    f.kvHeads = static_cast<int>(G);
    f.queryHeads = cache.config().nHeads;
    f.tokens = std::move(tokens);
    f.attention = row3("triad_attention");
    f.valueNorm = row3("value_norm");
    f.valueRatio = row3("value_norm_ratio");
    f.residNorm = row2("resid_norm");
    f.residRatio = row2("resid_norm_ratio");
    f.provenance = provenanceOf(cache, "extreme-token triad");
    f.provenance["sample"] = std::to_string(sample);
    f.provenance["layer"] = std::to_string(layer);
    return f;
}

} // namespace spectro::figures
