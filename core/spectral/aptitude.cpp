#include "spectral/aptitude.h"

#include <cblas.h>

#include <cmath>

#include "model/checkpoint.h"
#include "util/error.h"

namespace spectro {

AptitudeUnit parseAptitudeUnit(const std::string& name)
{
    if (name == "head") return AptitudeUnit::Head;
    if (name == "neuron") return AptitudeUnit::Neuron;
    if (name == "matrix") return AptitudeUnit::Matrix;
    throw Error("--per: expected head, neuron or matrix, got '" + name + "'");
}

std::vector<double> Aptitude::perBand(const BandLayout& bands) const
{
    std::vector<double> out(static_cast<std::size_t>(units) * static_cast<std::size_t>(bands.count));
    for (int u = 0; u < units; ++u) {
        const double* a = perIndex.data() + static_cast<std::size_t>(u) * static_cast<std::size_t>(dim);
        const double norm = norms[static_cast<std::size_t>(u)];
        for (int j = 1; j <= bands.count; ++j) {
            double sum = 0;
            for (int i = bands.begin(j); i < bands.end(j); ++i) sum += a[i] * a[i];
            out[static_cast<std::size_t>(u) * static_cast<std::size_t>(bands.count) + static_cast<std::size_t>(j - 1)] =
                norm > 0 ? std::sqrt(sum) / norm : 0.0;
        }
    }
    return out;
}

Aptitude computeAptitude(const Checkpoint& checkpoint, const Spectrum& spectrum, const std::string& matrix, int layer,
                         AptitudeUnit unit)
{
    const ModelConfig& c = checkpoint.config;
    const bool reader = matrix == "wq" || matrix == "wk" || matrix == "wv" || matrix == "w1" || matrix == "w3";
    const bool writer = matrix == "wo" || matrix == "w2";
    if (!reader && !writer) throw Error("--matrix: expected wq, wk, wv, wo, w1, w2 or w3, got '" + matrix + "'");
    if (layer < 0 || layer >= c.nLayers) {
        throw Error("--layer: " + std::to_string(layer) + " is outside 0.." + std::to_string(c.nLayers - 1));
    }
    const bool mlp = matrix[0] == 'w' && (matrix[1] == '1' || matrix[1] == '2' || matrix[1] == '3');
    if (unit == AptitudeUnit::Head && mlp) throw Error("--per head: " + matrix + " is an MLP matrix; use neuron or matrix");
    if (unit == AptitudeUnit::Neuron && !mlp) throw Error("--per neuron: " + matrix + " is an attention matrix; use head or matrix");

    const RawTensor& t = checkpoint.tensor(layerTensorName(layer, matrix.c_str()));
    const int d = spectrum.dim;
    // X holds the k vectors whose coordinates against v_i we need, as rows [k, d]:
    // a reader's rows (W: [k, d]), or a writer's columns (W: [d, k], transposed).
    const std::vector<float> w = t.toFloat();
    const int rows = static_cast<int>(t.shape[0]), cols = static_cast<int>(t.shape[1]);
    const int k = reader ? rows : cols;
    if ((reader ? cols : rows) != d) throw Error(checkpoint.path + ": " + t.name + " does not touch the residual space");
    const std::vector<float> v(spectrum.vectors.begin(), spectrum.vectors.end());
    std::vector<float> m(static_cast<std::size_t>(k) * static_cast<std::size_t>(d));  // m[r, i] = x_r . v_i
    cblas_sgemm(CblasRowMajor, reader ? CblasNoTrans : CblasTrans, CblasTrans, k, d, d, 1.0f, w.data(), cols, v.data(), d,
                0.0f, m.data(), d);

    Aptitude out;
    out.matrix = matrix;
    out.layer = layer;
    out.writer = writer;
    out.unit = unit;
    out.dim = d;
    const int headDim = c.headDim();
    const int group = unit == AptitudeUnit::Matrix ? k : unit == AptitudeUnit::Neuron ? 1 : headDim;
    out.units = k / group;
    out.perIndex.assign(static_cast<std::size_t>(out.units) * static_cast<std::size_t>(d), 0.0);
    out.norms.assign(static_cast<std::size_t>(out.units), 0.0);
    for (int r = 0; r < k; ++r) {
        const int u = r / group;
        double* a = out.perIndex.data() + static_cast<std::size_t>(u) * static_cast<std::size_t>(d);
        const float* row = m.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(d);
        for (int i = 0; i < d; ++i) a[i] += static_cast<double>(row[i]) * row[i];
    }
    for (int u = 0; u < out.units; ++u) {
        double* a = out.perIndex.data() + static_cast<std::size_t>(u) * static_cast<std::size_t>(d);
        double total = 0;
        for (int i = 0; i < d; ++i) {
            total += a[i];
            a[i] = std::sqrt(a[i]);
        }
        out.norms[static_cast<std::size_t>(u)] = std::sqrt(total);
    }
    return out;
}

}  // namespace spectro
