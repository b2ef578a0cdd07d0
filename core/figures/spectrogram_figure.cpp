// Figure 5: band energies of the residual stream, streams x bands at one token or tokens x bands
// at one stream.
#include "figures/cache_slices.h"
#include "spectral/band_energy.h"
#include "store/cache_reader.h"
#include "util/error.h"

namespace spectro::figures {

SpectrogramFigure buildSpectrogramFigure(const CacheReader& cache, int sample, SpectrogramFigure::Axis axis, int fixed,
                                         const ModelInputs& model)
{
    using Axis = SpectrogramFigure::Axis;
    detail::requireSample(cache, sample);
    const int T = detail::tokenCount(cache, sample), S = cache.config().nLayers + 1, d = cache.config().dim;
    if (axis == Axis::StreamByBand)
        detail::requireIndex(cache, "token", fixed, 0, T - 1);
    else
        detail::requireIndex(cache, "stream", fixed, 0, S - 1);
    SpectrogramFigure f;
    f.sample = sample;
    f.axis = axis;
    f.fixed = fixed;
    f.tokens = cacheTokenLabels(cache, sample, model.tokenizer);
    f.rows = axis == Axis::StreamByBand ? S : T;
    // Start and extent of the block of a [S, T, x] dataset this figure shows.
    const std::vector<std::int64_t> start =
        axis == Axis::StreamByBand ? std::vector<std::int64_t>{0, fixed, 0} : std::vector<std::int64_t>{fixed, 0, 0};
    const std::int64_t streams = axis == Axis::StreamByBand ? S : 1, tokens = axis == Axis::StreamByBand ? 1 : T;
    const std::string stored = detail::analysisPath("spectrogram", sample);
    if (cache.hasAnalysis(stored)) {
        const auto shape = cache.analysisShape(stored);
        if (shape.size() != 3 || shape[0] != S || shape[1] != T) {
            throw Error(cache.path() + ": /analysis/" + stored + " is not [L+1, T, N] = [" + std::to_string(S) + ", " +
                        std::to_string(T) + ", N]");
        }
        f.bands = static_cast<int>(shape[2]);
        const Array block = cache.readAnalysisBlock(stored, start, {streams, tokens, f.bands});
        f.energy = detail::widen(block.data.data(), block.data.size());
    } else {
        detail::requireTap(cache, sample, "resid", "the spectrogram");
        const auto spectrum = detail::spectrumFor(cache, SpectralMatrix::Unembed, model, "the spectrogram");
        const BandEnergy energy(*spectrum, cacheBands(cache));
        f.bands = energy.bands().count;
        const Array resid = cache.readBlock(sample, "resid", start, {streams, tokens, d});
        const auto e = energy.energies(resid.data.data(), streams * tokens);
        // Through float32, as `analyze` stores it.
        f.energy.resize(e.size());
        for (std::size_t i = 0; i < e.size(); ++i) f.energy[i] = static_cast<float>(e[i]);
    }
    f.provenance = detail::figureProvenance(cache, "spectrogram",
                                            {{"sample", std::to_string(sample)},
                                             {axis == Axis::StreamByBand ? "token" : "stream", std::to_string(fixed)},
                                             {"bands", std::to_string(f.bands)}});
    return f;
}

} // namespace spectro::figures
