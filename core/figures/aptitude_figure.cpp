// Figure 2: read/write aptitude of one matrix of one layer (spectral/aptitude.h).
#include "figures/figure_builders.h"
#include "figures/provenance.h"
#include "model/checkpoint.h"
#include "spectral/aptitude.h"
#include "util/error.h"

#include <cmath>

namespace spectro::figures {

AptitudeFigure buildAptitudeFigure(const Checkpoint& checkpoint, const Spectrum& spectrum, const BandLayout& bands,
                                   const std::string& matrix, int layer, bool byBand)
{
    if (bands.dim != spectrum.dim) {
        throw Error(checkpoint.path + ": aptitude: bands of a " + std::to_string(bands.dim) +
                    "-dimensional space for a spectrum of dimension " + std::to_string(spectrum.dim));
    }
    const bool mlp = matrix == "w1" || matrix == "w2" || matrix == "w3";
    const Aptitude a =
        computeAptitude(checkpoint, spectrum, matrix, layer, mlp ? AptitudeUnit::Neuron : AptitudeUnit::Head);
    AptitudeFigure f;
    f.matrix = matrix;
    f.layer = layer;
    f.writer = a.writer;
    f.unit = mlp ? "neuron" : "head";
    f.byBand = byBand;
    f.units = a.units;
    f.bandEdges = bands.edges;
    f.spectrum = matrixName(spectrum.matrix);
    const std::vector<double> perBand = a.perBand(bands);
    if (byBand) {
        f.columns = bands.count;
        f.values = perBand;
    } else {
        f.columns = a.dim;
        f.values.resize(a.perIndex.size());
        for (int u = 0; u < a.units; ++u) {
            const double norm = a.norms[static_cast<std::size_t>(u)];
            for (int i = 0; i < a.dim; ++i) {
                const std::size_t at =
                    static_cast<std::size_t>(u) * static_cast<std::size_t>(a.dim) + static_cast<std::size_t>(i);
                f.values[at] = norm > 0 ? a.perIndex[at] / norm : 0.0;
            }
        }
    }
    f.darkAptitude.resize(static_cast<std::size_t>(a.units));
    for (int u = 0; u < a.units; ++u) {
        f.darkAptitude[static_cast<std::size_t>(u)] =
            perBand[static_cast<std::size_t>(u) * static_cast<std::size_t>(bands.count) +
                    static_cast<std::size_t>(bands.count - 1)];
    }
    // A unit whose a_i are all equal has A_j^2 = |band j| / d.
    f.uniformLevel = std::sqrt(static_cast<double>(bands.size(bands.count)) / bands.dim);
    f.provenance = modelProvenance(checkpoint);
    f.provenance["figure"] = "aptitude";
    f.provenance["matrix"] = matrix;
    f.provenance["layer"] = std::to_string(layer);
    f.provenance["spectrum"] = f.spectrum;
    f.provenance["bands"] = std::to_string(bands.count);
    return f;
}

} // namespace spectro::figures
