#include "experiments/bos_decomposition.h"

#include <cmath>
#include <cstdio>

#include "util/error.h"

namespace spectro {
namespace {

struct Split {
    double norm = 0, dark = 0, light = 0, ratio = 0;
};

// One vector's Euclidean norm (computed directly, not from the band energies) and its U-dark
// and U-light parts from the band energies of W_u.
Split split(const BandEnergy& e, const float* x, std::int64_t d)
{
    const auto energies = e.energies(x, 1);
    double squares = 0, light = 0;
    for (std::int64_t i = 0; i < d; ++i) squares += static_cast<double>(x[i]) * x[i];
    for (std::size_t j = 0; j + 1 < energies.size(); ++j) light += energies[j];
    return {std::sqrt(squares), std::sqrt(energies.back()), std::sqrt(light),
            darkRatio(energies.data(), static_cast<int>(energies.size()))};
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
    std::vector<BosRow> rows;
    for (int s = 0; s <= L; ++s) {
        BosRow r;
        r.stream = s;
        const Split stream = split(unembed, taps.resid.slice(s) + position * d, d);
        r.norm = stream.norm;
        r.udarkNorm = stream.dark;
        r.ulightNorm = stream.light;
        r.udr = stream.ratio;
        if (s > 0) {
            const Split attn = split(unembed, taps.attnOut.slice(s - 1) + position * d, d);
            const Split mlp = split(unembed, taps.mlpOut.slice(s - 1) + position * d, d);
            r.attnNorm = attn.norm;
            r.attnUdarkNorm = attn.dark;
            r.mlpNorm = mlp.norm;
            r.mlpUdarkNorm = mlp.dark;
        }
        rows.push_back(r);
    }
    return rows;
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
