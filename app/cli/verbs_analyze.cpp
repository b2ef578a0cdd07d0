// The `analyze` verb: derives per-token measurements from a cache and stores them under
// /analysis of the same cache (docs/cache-format.md), through core's analyzeCache (the GUI's run
// job calls the same, so both write the same /analysis). The model is opened only when the cache
// holds no spectrum or for the value-state norms (from --model or the cache's model_path).
#include "cache_spectrum.h"
#include "experiments/cache_analyze.h"
#include "experiments/cache_sink_analysis.h"
#include "io/atomic_file.h"
#include "model/checkpoint.h"
#include "progress_line.h"
#include "sink_input.h"
#include "sinks/massive_activations.h"
#include "sinks/value_states.h"
#include "spectral/bands.h"
#include "spectral_options.h"
#include "store/cache_reader.h"
#include "util/log.h"
#include "verbs.h"

#include <iostream>
#include <memory>

namespace spectro::cli {
namespace {

int analyze(const Arguments& args)
{
    const std::string path = args.positional.at(0);
    const CacheReader cache(path);
    const ModelConfig& c = cache.config();
    std::unique_ptr<OpenedModel> model;
    CacheAnalysisOptions options;
    options.bands = bandCount(args, c.dim);
    options.embed = !args.has("no-embed");
    options.scatter = args.has("scatter");
    HmlvOptions& hmlv = options.hmlv;
    hmlv.meanAbove = args.real("hmlv-mean", hmlv.meanAbove);
    hmlv.varianceBelow = args.real("hmlv-variance", hmlv.varianceBelow);
    hmlv.firstLayer = static_cast<int>(args.integer("hmlv-first-layer", hmlv.firstLayer, 0, c.nLayers));
    hmlv.excludeLast = static_cast<int>(args.integer("hmlv-exclude-last", hmlv.excludeLast, 0, 1 << 20));
    hmlv.excludeBos = !args.has("hmlv-include-bos");
    // The spectra are asked for once each, before the first sample (the cache's, or the model's).
    std::map<SpectralMatrix, std::shared_ptr<const Spectrum>> spectra;
    const SpectrumProvider spectrum = [&](SpectralMatrix matrix) {
        auto& s = spectra[matrix];
        if (!s) s = spectrumFor(cache, matrix, args, model);
        return s;
    };
    // The value-state norms need the weights: from the model that made the cache, when it can be found.
    std::shared_ptr<const ValueStates> values;
    if (!args.has("no-value-norms")) {
        if (model || cacheModelReachable(cache, args))
            values = std::make_shared<const ValueStates>(*cacheModel(cache, args, model).checkpoint);
        else
            warn(path + ": its model (" + args.text("model", cache.attribute("model_path")) +
                 ") is not at hand; value-state norms skipped (pass --model)");
    }
    const SinkAnalysisOptions sinkOptions{sinkRateOptions(args, "sink-"), massiveOptions(args, "massive-")};
    const auto channelUdr = channelDarkRatios(*spectrum(SpectralMatrix::Unembed), makeBands(c.dim, options.bands));
    options.extension = sinkAnalysisExtension(std::make_shared<SinkAnalysis>(sinkOptions, values, channelUdr));

    const CacheAnalysisResult result = analyzeCache(path, options, spectrum, [](double fraction, std::string_view) {
        printProgress("analyze: %3.0f%%", 100 * fraction);
        return true;
    });
    endProgressLine();
    const std::string summary = result.summaryCsv();
    if (args.has("summary")) writeFileAtomically(args.text("summary"), summary);
    if (args.has("scatter")) writeFileAtomically(args.text("scatter"), result.scatterCsv);
    if (!args.has("summary")) std::cout << summary;
    return 0;
}

} // namespace

std::vector<Verb> analyzeVerbs()
{
    const auto opts = joinOptions(
        {{{"model", "MODEL", "the model, when the cache holds no spectrum (default: the cache's model_path)"},
          {"no-embed", "", "skip the E-dark ratio (no W_e spectrum needed)"},
          {"hmlv-mean", "X", "HMLV: mean attention received above X (default 0.018)"},
          {"hmlv-variance", "X", "HMLV: variance below X (default 0.01)"},
          {"hmlv-first-layer", "L", "HMLV: layers before L are excluded (default 4)"},
          {"hmlv-exclude-last", "N", "HMLV: the last N tokens are excluded (default 4)"},
          {"hmlv-include-bos", "", "HMLV: do not exclude the BoS token"},
          {"summary", "FILE", "CSV per layer: pairs, HMLV pairs, mean U-dark ratio of HMLV and other tokens"},
          {"scatter", "FILE", "CSV per (sample, layer, token): attention mean, variance, U-dark ratio, HMLV"},
          tokenizerOption()},
         spectrumOptions(),
         sinkAnalysisOptions()});
    return {{{"analyze", "CACHE",
              "Derive per-token measurements from a cache and store them under /analysis:\n"
              "U-dark and E-dark ratios and spectrograms of resid, massive activations, cosine to\n"
              "the BoS stream and residual norms; with the attn tap, attention received (mean,\n"
              "variance over later queries), HMLV flags, sink scores and rates, and with the\n"
              "model's weights the value-state norms (the extreme-token triad).",
              opts, 1, 1},
             analyze}};
}

} // namespace spectro::cli
