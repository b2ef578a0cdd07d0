// Figure 1: the singular values of W_u / W_e with the band layout.
#include "figures/cache_slices.h"
#include "figures/provenance.h"
#include "store/cache_reader.h"
#include "util/error.h"

namespace spectro::figures {

SpectrumFigure buildSpectrumFigure(const CacheReader& cache, const std::string& matrix)
{
    detail::spectralMatrix(cache, matrix);
    if (!cache.hasSpectrum(matrix)) {
        throw Error(cache.path() + ": the cache stores no spectrum of " + (matrix == "unembed" ? "W_u" : "W_e") +
                    " (run without --no-spectrum, or open the model)");
    }
    const StoredSpectrum stored = cache.readSpectrumValues(matrix);
    if (stored.dim != cache.config().dim) {
        throw Error(cache.path() + ": /spectrum/" + matrix + " has " + std::to_string(stored.dim) +
                    " singular values; the model's dim is " + std::to_string(cache.config().dim));
    }
    SpectrumFigure f;
    f.matrix = matrix;
    f.singularValues = stored.singularValues;
    f.bandEdges = cacheBands(cache).edges;
    f.foldedNorm = stored.foldedNorm;
    f.rank = std::min(stored.dim, cache.config().vocabSize);
    f.provenance = detail::figureProvenance(cache, "spectrum",
                                            {{"matrix", matrix}, {"bands", std::to_string(f.bandEdges.size() - 1)}});
    return f;
}

SpectrumFigure buildSpectrumFigure(const Spectrum& spectrum, const BandLayout& bands)
{
    if (bands.dim != spectrum.dim) {
        throw Error("spectrum figure: " + std::to_string(bands.count) + " bands of a " + std::to_string(bands.dim) +
                    "-dimensional space for a spectrum of dimension " + std::to_string(spectrum.dim));
    }
    SpectrumFigure f;
    f.matrix = matrixName(spectrum.matrix);
    f.singularValues = spectrum.singularValues;
    f.bandEdges = bands.edges;
    f.foldedNorm = spectrum.foldedNorm;
    f.rank = spectrum.rank;
    f.provenance = {{"figure", "spectrum"},
                    {"matrix", f.matrix},
                    {"bands", std::to_string(bands.count)},
                    {"app_version", SPECTRO_VERSION}};
    return f;
}

} // namespace spectro::figures
