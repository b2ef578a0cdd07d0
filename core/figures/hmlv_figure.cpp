// Figure 4b: High-Mean-Low-Variance (token, layer) pairs: mean vs variance of the attention each
// token receives, coloured by its U-dark ratio, and HMLV vs the rest per layer. The tallies are
// those of `spectroscope-cli analyze --summary`, the points those of its --scatter.
#include "analysis/attention_received.h"
#include "figures/cache_slices.h"
#include "model/raw_tensor.h"
#include "store/cache_reader.h"
#include "util/error.h"

#include <cmath>
#include <limits>
#include <map>

namespace spectro::figures {
namespace {

// The HMLV options `analyze` used (attributes of /analysis), else the paper's defaults.
HmlvOptions analysisOptions(const CacheReader& cache)
{
    HmlvOptions o;
    const auto a = cache.analysisAttributes();
    auto number = [&](const char* key, double fallback) {
        const auto it = a.find(key);
        if (it == a.end()) return fallback;
        try {
            return std::stod(it->second);
        } catch (const std::exception&) {
            throw Error(cache.path() + ": attribute '" + key + "' of /analysis is not a number: " + it->second);
        }
    };
    o.meanAbove = number("hmlv_mean_above", o.meanAbove);
    o.varianceBelow = number("hmlv_variance_below", o.varianceBelow);
    o.firstLayer = static_cast<int>(number("hmlv_first_layer", o.firstLayer));
    o.excludeLast = static_cast<int>(number("hmlv_exclude_last", o.excludeLast));
    o.excludeBos = number("hmlv_exclude_bos", o.excludeBos ? 1 : 0) != 0;
    return o;
}

// One sample's statistics, [L, T] each, from /analysis or computed layer by layer.
struct SampleStats {
    std::vector<float> mean, variance, udr;
    std::vector<std::uint8_t> flags;
};

bool analysed(const CacheReader& cache, int sample)
{
    for (const char* group : {"attn_received_mean", "attn_received_var", "hmlv", "udr"})
        if (!cache.hasAnalysis(detail::analysisPath(group, sample))) return false;
    return true;
}

// The first `rows` rows of a [rows or more, T] analysis dataset (udr has L+1 streams; the
// statistics of layer l use stream l).
std::vector<float> analysisValues(const CacheReader& cache, const std::string& group, int sample, std::int64_t rows,
                                  std::int64_t storedRows, std::int64_t T)
{
    const std::string path = detail::analysisPath(group, sample);
    detail::requireAnalysisShape(cache, path, {storedRows, T});
    const Array a = cache.readAnalysisBlock(path, {0, 0}, {rows, T});
    return {a.data.begin(), a.data.end()};
}

SampleStats sampleStats(const CacheReader& cache, int sample, const HmlvOptions& options,
                        detail::LazyBandEnergy& energy)
{
    const std::int64_t L = cache.config().nLayers, T = detail::tokenCount(cache, sample);
    SampleStats s;
    if (analysed(cache, sample)) {
        s.mean = analysisValues(cache, "attn_received_mean", sample, L, L, T);
        s.variance = analysisValues(cache, "attn_received_var", sample, L, L, T);
        s.udr = analysisValues(cache, "udr", sample, L, L + 1, T);
        const FlagArray flags = cache.readAnalysisFlags(detail::analysisPath("hmlv", sample));
        if (flags.shape != std::vector<std::int64_t>{L, T}) {
            throw Error(cache.path() + ": /analysis/hmlv of sample " + std::to_string(sample) + " has shape " +
                        shapeString(flags.shape) + "; expected [L, T] = " + shapeString({L, T}));
        }
        s.flags = flags.data;
        return s;
    }
    ReceivedStats stats{static_cast<int>(L), 1, static_cast<int>(T), {}, {}};
    for (int l = 0; l < L; ++l) {
        const auto row = detail::attentionReceivedRow(cache, sample, l, -1);
        stats.mean.insert(stats.mean.end(), row.mean.begin(), row.mean.end());
        stats.variance.insert(stats.variance.end(), row.variance.begin(), row.variance.end());
        // The keys of layer l are computed from resid[l], the stream entering it.
        const auto udr = detail::darkRatioRow(cache, sample, l, energy);
        s.udr.insert(s.udr.end(), udr.begin(), udr.end());
    }
    s.flags = hmlvFlags(stats, options);
    s.mean = std::move(stats.mean);
    s.variance = std::move(stats.variance);
    return s;
}

} // namespace

HmlvFigure buildHmlvFigure(const CacheReader& cache, const std::vector<int>& samples, const ModelInputs& model,
                           const ProgressFn& progress)
{
    const int L = cache.config().nLayers;
    const HmlvOptions options = analysisOptions(cache);
    HmlvFigure f;
    f.meanAbove = options.meanAbove;
    f.varianceBelow = options.varianceBelow;
    f.firstLayer = options.firstLayer;
    f.excludeBos = options.excludeBos;
    f.excludeLast = options.excludeLast;
    f.layers = L;
    f.hmlvPerLayer.assign(static_cast<std::size_t>(L), 0);
    f.pointsPerLayer.assign(static_cast<std::size_t>(L), 0);
    std::vector<double> udrHmlv(static_cast<std::size_t>(L), 0.0), udrRest(static_cast<std::size_t>(L), 0.0);
    std::string used;
    detail::LazyBandEnergy energy(cache, SpectralMatrix::Unembed, model, "HMLV");
    const std::vector<int> chosen = samples.empty() ? cache.sampleIndices() : samples;
    for (std::size_t n = 0; n < chosen.size(); ++n) {
        reportProgress(progress, static_cast<double>(n) / static_cast<double>(chosen.size()), "HMLV");
        const int sample = chosen[n];
        detail::requireSample(cache, sample);
        if (!cache.has(sample, "attn") && !analysed(cache, sample)) continue; // no attention: no HMLV
        const SampleStats s = sampleStats(cache, sample, options, energy);
        const TokenLabels labels = cacheTokenLabels(cache, sample, model.tokenizer);
        const int T = static_cast<int>(labels.size());
        if (!used.empty()) used += ',';
        used += std::to_string(sample);
        for (int l = 0; l < L; ++l) {
            for (int t = 0; t < T; ++t) {
                const std::size_t at =
                    static_cast<std::size_t>(l) * static_cast<std::size_t>(T) + static_cast<std::size_t>(t);
                const double udr = s.udr[at];
                const bool flag = s.flags[at] != 0;
                const bool eligible =
                    l >= options.firstLayer && (t > 0 || !options.excludeBos) && t < T - options.excludeLast;
                if (eligible && std::isfinite(udr)) {
                    const auto layer = static_cast<std::size_t>(l);
                    ++f.pointsPerLayer[layer];
                    if (flag) {
                        ++f.hmlvPerLayer[layer];
                        udrHmlv[layer] += udr;
                    } else {
                        udrRest[layer] += udr;
                    }
                }
                if (t + 1 < T) { // the last token has no later query: no point
                    f.points.push_back({sample, l, t, s.mean[at], s.variance[at], udr, flag});
                    f.pieces.push_back(labels.pieces[static_cast<std::size_t>(t)]);
                }
            }
        }
    }
    reportProgress(progress, 1.0, "HMLV");
    if (used.empty()) {
        throw Error(cache.path() + ": HMLV needs the attn tap (or an analysis), and no chosen sample has it (run with "
                                   "--taps resid,attn)");
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t l = 0; l < static_cast<std::size_t>(L); ++l) {
        const int hmlv = f.hmlvPerLayer[l], rest = f.pointsPerLayer[l] - hmlv;
        f.udrHmlvMean.push_back(hmlv > 0 ? udrHmlv[l] / hmlv : nan);
        f.udrRestMean.push_back(rest > 0 ? udrRest[l] / rest : nan);
    }
    f.provenance = detail::figureProvenance(cache, "hmlv",
                                            {{"samples", used},
                                             {"hmlv_mean_above", formatNumber(options.meanAbove)},
                                             {"hmlv_variance_below", formatNumber(options.varianceBelow)},
                                             {"hmlv_first_layer", std::to_string(options.firstLayer)},
                                             {"hmlv_exclude_last", std::to_string(options.excludeLast)},
                                             {"hmlv_exclude_bos", options.excludeBos ? "1" : "0"}});
    return f;
}

} // namespace spectro::figures
