// Figure 7: a sample's tokens coloured by one measure.
#include "figures/cache_slices.h"
#include "store/cache_reader.h"
#include "util/error.h"

#include <limits>

namespace spectro::figures {

std::vector<std::string> tokenStripMeasures()
{
    return {"udr", "edr", "attention_received", "nll"};
}

TokenStripFigure buildTokenStripFigure(const CacheReader& cache, int sample, const std::string& measure, int stream,
                                       const ModelInputs& model)
{
    detail::requireSample(cache, sample);
    TokenStripFigure f;
    f.sample = sample;
    f.measure = measure;
    f.tokens = cacheTokenLabels(cache, sample, model.tokenizer);
    const int L = cache.config().nLayers;
    const std::size_t T = f.tokens.size();
    if (measure == "udr" || measure == "edr") {
        detail::requireIndex(cache, "stream", stream, 0, L);
        f.stream = stream;
        const SpectralMatrix matrix = measure == "udr" ? SpectralMatrix::Unembed : SpectralMatrix::Embed;
        detail::LazyBandEnergy energy(cache, matrix, model, "the " + measure + " strip");
        f.values = detail::darkRatioRow(cache, sample, stream, energy);
    } else if (measure == "attention_received") {
        detail::requireIndex(cache, "layer", stream, 0, L - 1);
        f.stream = stream;
        f.values = detail::attentionReceivedRow(cache, sample, stream, -1).mean;
    } else if (measure == "nll") {
        // nll[t] scores token t + 1: token 0 (BoS) is never predicted.
        f.values.assign(T, std::numeric_limits<double>::quiet_NaN());
        if (T > 1) {
            detail::requireTap(cache, sample, "nll", "the NLL strip");
            const Array nll = cache.read(sample, "nll");
            if (nll.numel() != static_cast<std::int64_t>(T - 1)) {
                throw Error(cache.path() + ": nll of sample " + std::to_string(sample) + " has " +
                            std::to_string(nll.numel()) + " values for " + std::to_string(T) + " tokens");
            }
            for (std::size_t t = 1; t < T; ++t) f.values[t] = nll.data[t - 1];
        }
    } else {
        std::string known;
        for (const auto& m : tokenStripMeasures()) known += (known.empty() ? "" : ", ") + m;
        throw Error(cache.path() + ": token strip: unknown measure '" + measure + "' (known: " + known + ")");
    }
    f.provenance = detail::figureProvenance(
        cache, "token_strip",
        {{"sample", std::to_string(sample)}, {"measure", measure}, {"stream", std::to_string(f.stream)}});
    return f;
}

} // namespace spectro::figures
