// The `analyze` verb: derives per-token measurements from a cache and stores them under
// /analysis of the same cache (docs/cache-format.md). Cache-only: the model is opened only when
// the cache holds no spectrum (then from --model or the cache's model_path).
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>

#include "experiments/cache_analyze.h"
#include "io/atomic_file.h"
#include "model/checkpoint.h"
#include "model/fingerprint.h"
#include "spectral/spectrum_store.h"
#include "spectral_options.h"
#include "store/cache_reader.h"
#include "util/error.h"
#include "util/log.h"
#include "verbs.h"

namespace spectro::cli {
namespace {

// The spectrum stored in the cache, or else computed from the model that made the cache.
std::shared_ptr<const Spectrum> spectrumFor(const CacheReader& cache, SpectralMatrix matrix, const Arguments& args,
                                            std::unique_ptr<OpenedModel>& model)
{
    if (!args.has("fold-norm")) {
        if (auto stored = spectrumFromCache(cache, matrix)) return stored;
    }
    const std::string name = matrixName(matrix);
    if (!model) {
        const std::string path = args.text("model", cache.attribute("model_path"));
        if (path.empty()) throw Error(cache.path() + ": holds no " + name + " spectrum and names no model; pass --model");
        model = std::make_unique<OpenedModel>(openModel(path, args, false));
        if (fingerprint(*model->checkpoint) != cache.attribute("model_fingerprint")) {
            throw Error(cache.path() + ": the cache was made with other weights than " + path);
        }
    }
    SpectrumOptions options;
    options.foldNorm = args.has("fold-norm");
    return loadOrComputeSpectrum(*model->checkpoint, matrix, options);
}

int analyze(const Arguments& args)
{
    const std::string path = args.positional.at(0);
    CacheAnalysisOptions options;
    options.embed = !args.has("no-embed");
    options.scatter = args.has("scatter");
    HmlvOptions& hmlv = options.hmlv;
    std::unique_ptr<OpenedModel> model;
    SpectrumProvider spectrum;
    {
        // The reader only decides where the spectra come from; analyzeCache opens its own.
        const auto cache = std::make_shared<const CacheReader>(path);
        const ModelConfig& c = cache->config();
        options.bands = bandCount(args, c.dim);
        hmlv.firstLayer = static_cast<int>(args.integer("hmlv-first-layer", hmlv.firstLayer, 0, c.nLayers));
        spectrum = [cache, &args, &model](SpectralMatrix matrix) { return spectrumFor(*cache, matrix, args, model); };
    }
    hmlv.meanAbove = args.real("hmlv-mean", hmlv.meanAbove);
    hmlv.varianceBelow = args.real("hmlv-variance", hmlv.varianceBelow);
    hmlv.excludeLast = static_cast<int>(args.integer("hmlv-exclude-last", hmlv.excludeLast, 0, 1 << 20));
    hmlv.excludeBos = !args.has("hmlv-include-bos");

    // One line per stage, overwritten in place on a terminal.
    const ProgressFn progress = [last = std::string()](double, std::string_view stage) mutable {
        if (stage != last) std::fprintf(stderr, "\ranalyze: %-40.*s", static_cast<int>(stage.size()), stage.data());
        last = stage;
        return true;
    };
    const CacheAnalysisResult result = analyzeCache(path, options, spectrum, progress);
    std::fprintf(stderr, "\n");
    const std::string summary = result.summaryCsv();
    if (args.has("summary")) writeFileAtomically(args.text("summary"), summary);
    if (args.has("scatter")) writeFileAtomically(args.text("scatter"), result.scatterCsv);
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
        tokenizerOption()}, spectrumOptions()});
    return {{{"analyze", "CACHE",
              "Derive per-token measurements from a cache and store them under /analysis:\n"
              "U-dark and E-dark ratios and spectrograms of resid; with the attn tap, attention\n"
              "received (mean, variance over later queries) and HMLV flags.",
              opts, 1, 1},
             analyze}};
}

}  // namespace spectro::cli
