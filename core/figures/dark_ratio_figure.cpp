// Figure 4a: the U-dark (or E-dark) ratio of every resid[s][t] of one sample.
#include "figures/cache_slices.h"
#include "store/cache_reader.h"

namespace spectro::figures {

DarkRatioFigure buildDarkRatioFigure(const CacheReader& cache, int sample, const std::string& matrix,
                                     const ModelInputs& model)
{
    const SpectralMatrix which = detail::spectralMatrix(cache, matrix);
    detail::requireSample(cache, sample);
    DarkRatioFigure f;
    f.sample = sample;
    f.matrix = matrix;
    f.tokens = cacheTokenLabels(cache, sample, model.tokenizer);
    f.streams = cache.config().nLayers + 1;
    const std::size_t T = f.tokens.size();
    f.ratio.reserve(static_cast<std::size_t>(f.streams) * T);
    const std::string stored = detail::analysisPath(which == SpectralMatrix::Unembed ? "udr" : "edr", sample);
    if (cache.hasAnalysis(stored)) {
        detail::requireAnalysisShape(cache, stored, {f.streams, static_cast<std::int64_t>(T)});
        const Array all = cache.readAnalysis(stored); // [L+1, T]: a few floats per token
        f.ratio = detail::widen(all.data.data(), all.data.size());
    } else {
        detail::LazyBandEnergy energy(cache, which, model,
                                      which == SpectralMatrix::Unembed ? "the U-dark ratio" : "the E-dark ratio");
        for (int s = 0; s < f.streams; ++s) {
            const auto row = detail::darkRatioRow(cache, sample, s, energy); // one stream at a time
            f.ratio.insert(f.ratio.end(), row.begin(), row.end());
        }
    }
    f.provenance =
        detail::figureProvenance(cache, "dark_ratio", {{"sample", std::to_string(sample)}, {"matrix", matrix}});
    return f;
}

} // namespace spectro::figures
