// The `analyze` verb: derives per-token measurements from a cache and stores them under
// /analysis of the same cache (docs/cache-format.md). The model is opened only when the cache
// holds no spectrum or for the value-state norms (from --model or the cache's model_path).
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>

#include "analysis/attention_received.h"
#include "analyze_sinks.h"
#include "cache_spectrum.h"
#include "io/atomic_file.h"
#include "model/checkpoint.h"
#include "model/fingerprint.h"
#include "sinks/massive_activations.h"
#include "sinks/value_states.h"
#include "spectral/band_energy.h"
#include "spectral/spectrum_store.h"
#include "spectral_options.h"
#include "store/cache_analysis.h"
#include "store/cache_reader.h"
#include "store/cache_writer.h"
#include "util/error.h"
#include "util/log.h"
#include "progress_line.h"
#include "verbs.h"

namespace spectro::cli {
namespace {

struct LayerTally {
    long long pairs = 0, hmlv = 0;
    double udrHmlv = 0, udrRest = 0;
};

int analyze(const Arguments& args)
{
    const std::string path = args.positional.at(0);
    const CacheReader cache(path);
    const ModelConfig& c = cache.config();
    std::unique_ptr<OpenedModel> model;
    const auto unembed = spectrumFor(cache, SpectralMatrix::Unembed, args, model);
    std::shared_ptr<const Spectrum> embed;
    if (!args.has("no-embed")) embed = spectrumFor(cache, SpectralMatrix::Embed, args, model);
    const BandLayout bands = makeBands(c.dim, bandCount(args, c.dim));
    const BandEnergy uEnergy(*unembed, bands);
    std::unique_ptr<BandEnergy> eEnergy;
    if (embed) eEnergy = std::make_unique<BandEnergy>(*embed, bands);
    HmlvOptions hmlv;
    hmlv.meanAbove = args.real("hmlv-mean", hmlv.meanAbove);
    hmlv.varianceBelow = args.real("hmlv-variance", hmlv.varianceBelow);
    hmlv.firstLayer = static_cast<int>(args.integer("hmlv-first-layer", hmlv.firstLayer, 0, c.nLayers));
    hmlv.excludeLast = static_cast<int>(args.integer("hmlv-exclude-last", hmlv.excludeLast, 0, 1 << 20));
    hmlv.excludeBos = !args.has("hmlv-include-bos");
    // The value-state norms need the weights: from the model that made the cache, when it can be found.
    std::shared_ptr<const ValueStates> values;
    if (!args.has("no-value-norms")) {
        if (model || cacheModelReachable(cache, args)) values = std::make_shared<const ValueStates>(*cacheModel(cache, args, model).checkpoint);
        else warn(path + ": its model (" + args.text("model", cache.attribute("model_path")) + ") is not at hand; value-state norms skipped (pass --model)");
    }
    SinkAnalysis sinks(args, values, channelDarkRatios(*unembed, bands));

    std::vector<AnalysisDataset> out;
    std::vector<LayerTally> tally(static_cast<std::size_t>(c.nLayers));
    std::string scatter = "sample,layer,position,token,mean,variance,udr,hmlv\n";
    const auto samples = cache.sampleIndices();
    if (samples.empty()) throw Error(path + ": the cache holds no complete sample");
    bool anyAttention = false;
    for (std::size_t n = 0; n < samples.size(); ++n) {
        const int index = samples[n];
        const std::string name = sampleName(index);
        if (!cache.has(index, "resid")) throw Error(path + ": sample " + name + " has no resid tap to analyse");
        const Array resid = cache.read(index, "resid");
        const auto T = resid.shape[1];
        const auto streams = resid.shape[0];
        const auto rows = streams * T;
        const auto energies = uEnergy.energies(resid.data.data(), rows);
        std::vector<float> udr(static_cast<std::size_t>(rows)), spectrogram(energies.begin(), energies.end());
        for (std::int64_t r = 0; r < rows; ++r) {
            udr[static_cast<std::size_t>(r)] = static_cast<float>(darkRatio(energies.data() + r * bands.count, bands.count));
        }
        out.push_back(AnalysisDataset::floats("udr/" + name, {streams, T}, udr,
                                              "U-dark ratio ||Phi_u,N h|| / ||(I - Phi_u,N) h|| of resid[s][t]"));
        out.push_back(AnalysisDataset::floats("spectrogram/" + name, {streams, T, bands.count}, std::move(spectrogram),
                                              "energy ||V_j^T h||^2 of resid[s][t] in band j of W_u"));
        if (eEnergy) {
            const auto e = eEnergy->energies(resid.data.data(), rows);
            std::vector<float> edr(static_cast<std::size_t>(rows));
            for (std::int64_t r = 0; r < rows; ++r) {
                edr[static_cast<std::size_t>(r)] = static_cast<float>(darkRatio(e.data() + r * bands.count, bands.count));
            }
            out.push_back(AnalysisDataset::floats("edr/" + name, {streams, T}, std::move(edr),
                                                  "E-dark ratio ||Phi_e,N h|| / ||(I - Phi_e,N) h|| of resid[s][t]"));
        }
        if (!cache.has(index, "attn")) {
            sinks.addSample(name, resid, nullptr, out);
            continue;
        }
        anyAttention = true;
        const Array attention = cache.read(index, "attn");
        sinks.addSample(name, resid, &attention, out);
        const ReceivedStats stats = attentionReceived(attention, false);
        const auto flags = hmlvFlags(stats, hmlv);
        const auto L = static_cast<std::int64_t>(stats.layers);
        out.push_back(AnalysisDataset::floats("attn_received_mean/" + name, {L, T}, stats.mean,
                                              "mean over queries q > t of the head-averaged attention paid to t"));
        out.push_back(AnalysisDataset::floats("attn_received_var/" + name, {L, T}, stats.variance,
                                              "population variance over queries q > t of the head-averaged attention paid to t"));
        out.push_back(AnalysisDataset::uint8("hmlv/" + name, {L, T}, flags, "1 where (layer, token) is High-Mean-Low-Variance"));
        const auto tokens = cache.tokens(index);
        for (int l = 0; l < stats.layers; ++l) {
            for (std::int64_t t = 0; t < T; ++t) {
                const std::size_t at = static_cast<std::size_t>(l * T + t);
                // The keys of layer l are read from resid[l], the stream entering the layer.
                const float ratio = udr[static_cast<std::size_t>(l * T + t)];
                const bool eligible = l >= hmlv.firstLayer && (t > 0 || !hmlv.excludeBos) && t < T - hmlv.excludeLast;
                if (eligible && std::isfinite(ratio)) {
                    auto& tl = tally[static_cast<std::size_t>(l)];
                    ++tl.pairs;
                    if (flags[at]) ++tl.hmlv, tl.udrHmlv += ratio;
                    else tl.udrRest += ratio;
                }
                if (t + 1 < T) {
                    char line[200];
                    std::snprintf(line, sizeof line, "%d,%d,%lld,%d,%.9g,%.9g,%.9g,%d\n", index, l, static_cast<long long>(t),
                                  tokens[static_cast<std::size_t>(t)], stats.mean[at], stats.variance[at], ratio, flags[at]);
                    scatter += line;
                }
            }
        }
        printProgress("analyze: %zu/%zu samples", n + 1, samples.size());
    }
    endProgressLine();
    if (!anyAttention) warn(path + ": no sample has the attn tap; attention statistics and HMLV flags were skipped (run with --taps resid,attn)");

    std::map<std::string, double> numbers = {{"bands", bands.count},
                                             {"hmlv_mean_above", hmlv.meanAbove},
                                             {"hmlv_variance_below", hmlv.varianceBelow},
                                             {"hmlv_first_layer", hmlv.firstLayer},
                                             {"hmlv_exclude_last", hmlv.excludeLast},
                                             {"hmlv_exclude_bos", hmlv.excludeBos ? 1 : 0},
                                             {"folded_norm", unembed->foldedNorm ? 1 : 0}};
    sinks.finish(out, numbers);
    writeAnalysis(path, out, {{"analysis", "spectroscope-cli analyze"}}, numbers, AnalysisReplace::All);

    std::string summary = "layer,pairs,hmlv,udr_hmlv_mean,udr_rest_mean\n";
    for (int l = 0; l < c.nLayers; ++l) {
        const auto& tl = tally[static_cast<std::size_t>(l)];
        const double nan = std::numeric_limits<double>::quiet_NaN();
        char line[200];
        std::snprintf(line, sizeof line, "%d,%lld,%lld,%.9g,%.9g\n", l, tl.pairs, tl.hmlv, tl.hmlv ? tl.udrHmlv / tl.hmlv : nan,
                      tl.pairs > tl.hmlv ? tl.udrRest / static_cast<double>(tl.pairs - tl.hmlv) : nan);
        summary += line;
    }
    if (args.has("summary")) writeFileAtomically(args.text("summary"), summary);
    if (args.has("scatter")) writeFileAtomically(args.text("scatter"), scatter);
    if (!args.has("summary")) std::cout << summary;
    return 0;
}

}  // namespace

std::vector<Verb> analyzeVerbs()
{
    const auto opts = joinOptions({{
        {"model", "MODEL", "the model, when the cache holds no spectrum (default: the cache's model_path)"},
        {"no-embed", "", "skip the E-dark ratio (no W_e spectrum needed)"},
        {"hmlv-mean", "X", "HMLV: mean attention received above X (default 0.018)"},
        {"hmlv-variance", "X", "HMLV: variance below X (default 0.01)"},
        {"hmlv-first-layer", "L", "HMLV: layers before L are excluded (default 4)"},
        {"hmlv-exclude-last", "N", "HMLV: the last N tokens are excluded (default 4)"},
        {"hmlv-include-bos", "", "HMLV: do not exclude the BoS token"},
        {"summary", "FILE", "CSV per layer: pairs, HMLV pairs, mean U-dark ratio of HMLV and other tokens"},
        {"scatter", "FILE", "CSV per (sample, layer, token): attention mean, variance, U-dark ratio, HMLV"},
        tokenizerOption()}, spectrumOptions(), sinkAnalysisOptions()});
    return {{{"analyze", "CACHE",
              "Derive per-token measurements from a cache and store them under /analysis:\n"
              "U-dark and E-dark ratios and spectrograms of resid, massive activations, cosine to\n"
              "the BoS stream and residual norms; with the attn tap, attention received (mean,\n"
              "variance over later queries), HMLV flags, sink scores and rates, and with the\n"
              "model's weights the value-state norms (the extreme-token triad).",
              opts, 1, 1},
             analyze}};
}

}  // namespace spectro::cli
