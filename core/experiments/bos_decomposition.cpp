#include "experiments/bos_decomposition.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "util/error.h"

namespace spectro {
namespace {

struct Split {
    double norm = 0, dark = 0, light = 0, ratio = 0;
};

// One vector's Euclidean norm (computed directly, not from the band energies) and its U-dark
// and U-light parts from its row of band energies of W_u.
Split split(const double* energies, int bands, const float* x, std::int64_t d)
{
    double squares = 0, light = 0;
    for (std::int64_t i = 0; i < d; ++i) squares += static_cast<double>(x[i]) * x[i];
    for (int j = 0; j + 1 < bands; ++j) light += energies[j];
    return {std::sqrt(squares), std::sqrt(energies[bands - 1]), std::sqrt(light), darkRatio(energies, bands)};
}

}  // namespace

std::vector<BosRow> bosDecomposition(const SampleTaps& taps, const BandEnergy& unembed, int position)
{
    if (taps.resid.empty() || taps.attnOut.empty() || taps.mlpOut.empty()) {
        throw Error("BoS decomposition: needs the resid, attn_out and mlp_out taps");
    }
    const auto L = static_cast<int>(taps.attnOut.shape[0]);
    const auto T = taps.resid.shape[1], d = taps.resid.shape[2];
    if (position < 0 || position >= T) throw Error("BoS decomposition: position outside the sample");
    // The position's vectors of every stream and every layer's attention and MLP output, projected
    // in one call: each call streams all d x d basis vectors, so one call per vector cost
    // 3 L + 1 passes over them (64 MiB each at d = 4096).
    const auto at = [&](const Array& a, int slot) { return a.slice(slot) + position * d; };
    std::vector<const float*> vectors;
    for (int s = 0; s <= L; ++s) vectors.push_back(at(taps.resid, s));
    for (int l = 0; l < L; ++l) vectors.push_back(at(taps.attnOut, l));
    for (int l = 0; l < L; ++l) vectors.push_back(at(taps.mlpOut, l));
    std::vector<float> rows(vectors.size() * static_cast<std::size_t>(d));
    for (std::size_t v = 0; v < vectors.size(); ++v) std::copy(vectors[v], vectors[v] + d, rows.begin() + static_cast<std::ptrdiff_t>(v) * d);
    const int N = unembed.bands().count;
    const std::vector<double> energies = unembed.energies(rows.data(), static_cast<std::int64_t>(vectors.size()));
    const auto splitOf = [&](std::size_t v) { return split(energies.data() + v * static_cast<std::size_t>(N), N, vectors[v], d); };
    std::vector<BosRow> out;
    for (int s = 0; s <= L; ++s) {
        BosRow r;
        r.stream = s;
        const Split stream = splitOf(static_cast<std::size_t>(s));
        r.norm = stream.norm;
        r.udarkNorm = stream.dark;
        r.ulightNorm = stream.light;
        r.udr = stream.ratio;
        if (s > 0) {
            const Split attn = splitOf(static_cast<std::size_t>(L + s));
            const Split mlp = splitOf(static_cast<std::size_t>(2 * L + s));
            r.attnNorm = attn.norm;
            r.attnUdarkNorm = attn.dark;
            r.mlpNorm = mlp.norm;
            r.mlpUdarkNorm = mlp.dark;
        }
        out.push_back(r);
    }
    return out;
}

std::string bosCsv(const std::vector<BosRow>& rows)
{
    std::string out = "stream,layer,norm,udark_norm,ulight_norm,udr,attn_norm,attn_udark_norm,mlp_norm,mlp_udark_norm\n";
    char line[512];
    for (const auto& r : rows) {
        const std::string layer = r.stream == 0 ? "embed" : std::to_string(r.stream - 1);
        std::snprintf(line, sizeof line, "%d,%s,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n", r.stream, layer.c_str(), r.norm,
                      r.udarkNorm, r.ulightNorm, r.udr, r.attnNorm, r.attnUdarkNorm, r.mlpNorm, r.mlpUdarkNorm);
        out += line;
    }
    return out;
}

}  // namespace spectro
