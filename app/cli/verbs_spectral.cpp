// Verbs over the spectra of W_u / W_e and parameter matrices: spectrum, aptitude.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "io/atomic_file.h"
#include "model/checkpoint.h"
#include "spectral/aptitude.h"
#include "spectral/spectrum_store.h"
#include "spectral_options.h"
#include "util/error.h"
#include "verbs.h"

namespace spectro::cli {
namespace {

SpectrumOptions spectrumOptionsFrom(const Arguments& args)
{
    SpectrumOptions o;
    o.foldNorm = args.has("fold-norm");
    return o;
}

int spectrumVerb(const Arguments& args)
{
    const OpenedModel m = openModel(modelArgument(args, 0), args, false);
    const SpectralMatrix matrix = parseSpectralMatrix(args.text("matrix", "unembed"));
    if (args.has("fold-norm") && matrix == SpectralMatrix::Embed) throw UsageError("--fold-norm applies to the unembedding only");
    const auto t0 = std::chrono::steady_clock::now();
    SpectrumSource source;
    const auto spectrum = loadOrComputeSpectrum(*m.checkpoint, matrix, spectrumOptionsFrom(args), {}, &source);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const BandLayout bands = makeBands(spectrum->dim, bandCount(args, spectrum->dim));
    std::string csv = "index,singular_value,band\n";
    char line[128];
    for (int i = 0; i < spectrum->dim; ++i) {
        std::snprintf(line, sizeof line, "%d,%.10g,%d\n", i, spectrum->singularValues[static_cast<std::size_t>(i)], bands.bandOf(i));
        csv += line;
    }
    writeFileAtomically(args.required("out"), csv);
    std::fprintf(stderr, "spectrum: %s %d x %d, rank %d, %s in %.2f s\n", matrixName(matrix).c_str(),
                 m.checkpoint->config.vocabSize, spectrum->dim, spectrum->rank, source.fromCache ? "read from the cache" : "computed",
                 seconds);
    return 0;
}

int aptitudeVerb(const Arguments& args)
{
    const OpenedModel m = openModel(modelArgument(args, 0), args, false);
    const ModelConfig& c = m.checkpoint->config;
    const std::string matrix = args.required("matrix");
    const int layer = static_cast<int>(args.integer("layer", 0, 0, c.nLayers - 1));
    const bool mlp = matrix == "w1" || matrix == "w2" || matrix == "w3";
    const AptitudeUnit unit = parseAptitudeUnit(args.text("per", mlp ? "neuron" : "head"));
    const SpectralMatrix against = parseSpectralMatrix(args.text("spectrum", "unembed"));
    const auto spectrum = loadOrComputeSpectrum(*m.checkpoint, against, spectrumOptionsFrom(args));
    const BandLayout bands = makeBands(spectrum->dim, bandCount(args, spectrum->dim));
    const Aptitude a = computeAptitude(*m.checkpoint, *spectrum, matrix, layer, unit);
    const std::string by = args.text("by", "band");
    std::string csv;
    char line[256];
    if (by == "band") {
        csv = "matrix,layer,unit,band,aptitude\n";
        const auto perBand = a.perBand(bands);
        for (int u = 0; u < a.units; ++u) {
            for (int j = 1; j <= bands.count; ++j) {
                std::snprintf(line, sizeof line, "%s,%d,%d,%d,%.9g\n", matrix.c_str(), layer, u, j,
                              perBand[static_cast<std::size_t>(u * bands.count + j - 1)]);
                csv += line;
            }
        }
    } else if (by == "index") {
        // a_i / ||W||_F, so that units of different norms are comparable.
        csv = "matrix,layer,unit,index,band,singular_value,aptitude\n";
        for (int u = 0; u < a.units; ++u) {
            const double norm = a.norms[static_cast<std::size_t>(u)];
            for (int i = 0; i < a.dim; ++i) {
                const double v = a.perIndex[static_cast<std::size_t>(u) * static_cast<std::size_t>(a.dim) + static_cast<std::size_t>(i)];
                std::snprintf(line, sizeof line, "%s,%d,%d,%d,%d,%.9g,%.9g\n", matrix.c_str(), layer, u, i, bands.bandOf(i),
                              spectrum->singularValues[static_cast<std::size_t>(i)], norm > 0 ? v / norm : 0.0);
                csv += line;
            }
        }
    } else {
        throw UsageError("option --by: expected band or index, got '" + by + "'");
    }
    writeFileAtomically(args.required("out"), csv);
    return 0;
}

}  // namespace

std::vector<Verb> spectralVerbs()
{
    const auto spectrumOpts = joinOptions({{{"matrix", "M", "unembed (W_u, default) or embed (W_e)"},
                                            {"out", "FILE", "CSV to write: index,singular_value,band"},
                                            tokenizerOption()},
                                           spectrumOptions()});
    const auto aptitudeOpts = joinOptions({{
        {"matrix", "M", "wq | wk | wv | wo | w1 | w2 | w3"},
        {"layer", "L", "layer (default 0)"},
        {"per", "UNIT", "head | neuron | matrix (default head for attention, neuron for MLP)"},
        {"by", "WHAT", "band (A_j per band, default) or index (a_i / ||W||_F per singular index)"},
        {"spectrum", "M", "the spectrum to measure against: unembed (default) or embed"},
        {"out", "FILE", "CSV to write"},
        tokenizerOption()}, spectrumOptions()});
    return {
        {{"spectrum", "[MODEL]",
          "Singular values of W_u (or W_e) in descending order, with their band.\n"
          "Computed once per model (float64 Gram matrix + dsyevd) and cached.",
          spectrumOpts, 0, 1},
         spectrumVerb},
        {{"aptitude", "[MODEL]",
          "Read/write aptitude of a parameter matrix for the bands of W_u: writers (wo, w2)\n"
          "a_i = ||v_i^T W||, readers (wq, wk, wv, w1, w3) a_i = ||W v_i||, per head or neuron;\n"
          "per band A_j = sqrt(sum over band j of a_i^2) / ||W||_F.",
          aptitudeOpts, 0, 1},
         aptitudeVerb},
    };
}

}  // namespace spectro::cli
