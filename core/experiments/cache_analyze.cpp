#include "experiments/cache_analyze.h"

#include "spectral/band_energy.h"
#include "spectral/bands.h"
#include "store/cache_analysis.h"
#include "store/cache_reader.h"
#include "store/cache_writer.h"
#include "util/error.h"
#include "util/log.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace spectro {
namespace {

// Ratio of the dark band's energy to the rest, for `rows` rows of band energies.
std::vector<float> darkRatios(const std::vector<double>& energies, std::int64_t rows, int bands)
{
    std::vector<float> ratio(static_cast<std::size_t>(rows));
    for (std::int64_t r = 0; r < rows; ++r) {
        ratio[static_cast<std::size_t>(r)] = static_cast<float>(darkRatio(energies.data() + r * bands, bands));
    }
    return ratio;
}

void appendScatter(std::string& csv, int sample, const std::vector<int>& tokens, const ReceivedStats& stats,
                   const std::vector<std::uint8_t>& flags, const std::vector<float>& udr)
{
    const int T = stats.tokens;
    for (int l = 0; l < stats.layers; ++l) {
        for (int t = 0; t + 1 < T; ++t) {
            const std::size_t at = static_cast<std::size_t>(l) * T + t;
            char line[200];
            std::snprintf(line, sizeof line, "%d,%d,%d,%d,%.9g,%.9g,%.9g,%d\n", sample, l, t,
                          tokens[static_cast<std::size_t>(t)], stats.mean[at], stats.variance[at], udr[at], flags[at]);
            csv += line;
        }
    }
}

} // namespace

std::string CacheAnalysisResult::summaryCsv() const
{
    std::string summary = "layer,pairs,hmlv,udr_hmlv_mean,udr_rest_mean\n";
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const HmlvLayerTally& tl = layers[l];
        char line[200];
        std::snprintf(line, sizeof line, "%zu,%lld,%lld,%.9g,%.9g\n", l, tl.pairs, tl.hmlv,
                      tl.hmlv ? tl.udrHmlv / static_cast<double>(tl.hmlv) : nan,
                      tl.pairs > tl.hmlv ? tl.udrRest / static_cast<double>(tl.pairs - tl.hmlv) : nan);
        summary += line;
    }
    return summary;
}

std::shared_ptr<const Spectrum> spectrumFromCache(const CacheReader& cache, SpectralMatrix matrix)
{
    const std::string name = matrixName(matrix);
    if (!cache.hasSpectrum(name)) return nullptr;
    const StoredSpectrum stored = cache.readSpectrum(name);
    if (stored.dim != cache.config().dim) {
        throw Error(cache.path() + ": /spectrum/" + name + " has dimension " + std::to_string(stored.dim) +
                    "; the model's dim is " + std::to_string(cache.config().dim));
    }
    auto s = std::make_shared<Spectrum>();
    s->matrix = matrix;
    s->dim = stored.dim;
    s->rank = std::min(stored.dim, cache.config().vocabSize);
    s->foldedNorm = stored.foldedNorm;
    s->singularValues = stored.singularValues;
    s->vectors = stored.vectors;
    return s;
}

CacheAnalysisResult analyzeCache(const std::string& path, const CacheAnalysisOptions& options,
                                 const SpectrumProvider& spectrum, const ProgressFn& progress)
{
    const CacheReader cache(path);
    const ModelConfig& c = cache.config();
    const auto unembed = spectrum(SpectralMatrix::Unembed);
    const auto embed = options.embed ? spectrum(SpectralMatrix::Embed) : nullptr;
    if (!unembed || (options.embed && !embed)) throw Error(path + ": no spectrum to analyse the cache with");
    const BandLayout bands = makeBands(c.dim, options.bands);
    const BandEnergy uEnergy(*unembed, bands);
    std::unique_ptr<BandEnergy> eEnergy;
    if (embed) eEnergy = std::make_unique<BandEnergy>(*embed, bands);
    const HmlvOptions& hmlv = options.hmlv;

    CacheAnalysisResult result;
    result.layers.resize(static_cast<std::size_t>(c.nLayers));
    if (options.scatter) result.scatterCsv = "sample,layer,position,token,mean,variance,udr,hmlv\n";
    std::vector<AnalysisDataset> out;
    const auto samples = cache.sampleIndices();
    if (samples.empty()) throw Error(path + ": the cache holds no complete sample");
    const std::int64_t streams = c.nLayers + 1;
    for (std::size_t n = 0; n < samples.size(); ++n) {
        reportProgress(progress, static_cast<double>(n) / static_cast<double>(samples.size()),
                       "analysing sample " + std::to_string(n + 1) + "/" + std::to_string(samples.size()));
        const int index = samples[n];
        const std::string name = sampleName(index);
        if (!cache.has(index, "resid")) throw Error(path + ": sample " + name + " has no resid tap to analyse");
        const auto T = static_cast<std::int64_t>(cache.tokens(index).size());
        std::vector<float> udr, edr, spectrogram;
        udr.reserve(static_cast<std::size_t>(streams * T));
        spectrogram.reserve(static_cast<std::size_t>(streams * T * bands.count));
        // An extension needs the whole sample; without one, one stream [T, d] at a time (a 7B sample
        // of 4,096 tokens is 2.2 GB of resid).
        const Array whole = options.extension.perSample ? cache.read(index, "resid") : Array{};
        for (std::int64_t s = 0; s < streams; ++s) {
            const Array slice = whole.empty() ? cache.readSlice(index, "resid", s) : Array{};
            const float* stream = whole.empty() ? slice.data.data() : whole.slice(s);
            const auto energies = uEnergy.energies(stream, T);
            const auto ratio = darkRatios(energies, T, bands.count);
            udr.insert(udr.end(), ratio.begin(), ratio.end());
            spectrogram.insert(spectrogram.end(), energies.begin(), energies.end());
            if (eEnergy) {
                const auto e = darkRatios(eEnergy->energies(stream, T), T, bands.count);
                edr.insert(edr.end(), e.begin(), e.end());
            }
        }
        out.push_back(AnalysisDataset::floats("udr/" + name, {streams, T}, udr,
                                              "U-dark ratio ||Phi_u,N h|| / ||(I - Phi_u,N) h|| of resid[s][t]"));
        out.push_back(AnalysisDataset::floats("spectrogram/" + name, {streams, T, bands.count}, std::move(spectrogram),
                                              "energy ||V_j^T h||^2 of resid[s][t] in band j of W_u"));
        if (eEnergy) {
            out.push_back(AnalysisDataset::floats("edr/" + name, {streams, T}, std::move(edr),
                                                  "E-dark ratio ||Phi_e,N h|| / ||(I - Phi_e,N) h|| of resid[s][t]"));
        }
        const bool hasAttention = cache.has(index, "attn");
        Array attention; // the whole sample's, only for an extension
        if (options.extension.perSample) {
            if (hasAttention) attention = cache.read(index, "attn");
            options.extension.perSample(name, whole, hasAttention ? &attention : nullptr, out);
        }
        if (!hasAttention) continue;
        result.anyAttention = true;
        ReceivedStats stats{c.nLayers, 1, static_cast<int>(T), {}, {}};
        if (!attention.empty()) {
            stats = attentionReceived(attention, false);
        } else {
            for (int l = 0; l < c.nLayers; ++l) {
                // One layer [H, T, T] at a time, seen as [1, H, T, T].
                Array layer = cache.readSlice(index, "attn", l);
                layer.shape.insert(layer.shape.begin(), 1);
                const ReceivedStats one = attentionReceived(layer, false);
                stats.mean.insert(stats.mean.end(), one.mean.begin(), one.mean.end());
                stats.variance.insert(stats.variance.end(), one.variance.begin(), one.variance.end());
                reportProgress(progress,
                               (static_cast<double>(n) + static_cast<double>(l + 1) / (c.nLayers + 1)) /
                                   static_cast<double>(samples.size()),
                               "attention of sample " + std::to_string(n + 1));
            }
        }
        const auto flags = hmlvFlags(stats, hmlv);
        const std::int64_t L = c.nLayers;
        out.push_back(AnalysisDataset::floats("attn_received_mean/" + name, {L, T}, stats.mean,
                                              "mean over queries q > t of the head-averaged attention paid to t"));
        out.push_back(
            AnalysisDataset::floats("attn_received_var/" + name, {L, T}, stats.variance,
                                    "population variance over queries q > t of the head-averaged attention paid to t"));
        out.push_back(
            AnalysisDataset::uint8("hmlv/" + name, {L, T}, flags, "1 where (layer, token) is High-Mean-Low-Variance"));
        for (int l = 0; l < c.nLayers; ++l) {
            for (std::int64_t t = 0; t < T; ++t) {
                const std::size_t at = static_cast<std::size_t>(l * T + t);
                // The keys of layer l are read from resid[l], the stream entering the layer.
                const float ratio = udr[at];
                const bool eligible = l >= hmlv.firstLayer && (t > 0 || !hmlv.excludeBos) && t < T - hmlv.excludeLast;
                if (eligible && std::isfinite(ratio)) {
                    auto& tl = result.layers[static_cast<std::size_t>(l)];
                    ++tl.pairs;
                    if (flags[at])
                        ++tl.hmlv, tl.udrHmlv += ratio;
                    else
                        tl.udrRest += ratio;
                }
            }
        }
        if (options.scatter) appendScatter(result.scatterCsv, index, cache.tokens(index), stats, flags, udr);
    }
    if (!result.anyAttention) {
        warn(path + ": no sample has the attn tap; attention statistics and HMLV flags were skipped (run with --taps "
                    "resid,attn)");
    }
    reportProgress(progress, 1.0, "writing the analysis");
    std::map<std::string, double> numbers = {{"bands", bands.count},
                                             {"hmlv_mean_above", hmlv.meanAbove},
                                             {"hmlv_variance_below", hmlv.varianceBelow},
                                             {"hmlv_first_layer", hmlv.firstLayer},
                                             {"hmlv_exclude_last", hmlv.excludeLast},
                                             {"hmlv_exclude_bos", hmlv.excludeBos ? 1 : 0},
                                             {"folded_norm", unembed->foldedNorm ? 1 : 0}};
    if (options.extension.finish) options.extension.finish(out, numbers);
    writeAnalysis(path, out, {{"analysis", "spectroscope-cli analyze"}}, numbers, AnalysisReplace::All);
    return result;
}

} // namespace spectro
