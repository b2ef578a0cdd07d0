#include "experiments/bos_decomposition.h"

#include <cmath>
#include <cstdio>

#include "util/error.h"

namespace spectro {
namespace {

// (norm, U-dark norm) of one vector.
std::pair<double, double> split(const BandEnergy& e, const float* x)
{
    const auto energies = e.energies(x, 1);
    double total = 0;
    for (double v : energies) total += v;
    return {std::sqrt(total), std::sqrt(energies.back())};
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
        const auto energies = unembed.energies(taps.resid.slice(s) + position * d, 1);
        double total = 0;
        for (double v : energies) total += v;
        r.norm = std::sqrt(total);
        r.udarkNorm = std::sqrt(energies.back());
        r.ulightNorm = std::sqrt(std::max(0.0, total - energies.back()));
        r.udr = darkRatio(energies.data(), static_cast<int>(energies.size()));
        if (s > 0) {
            std::tie(r.attnNorm, r.attnUdarkNorm) = split(unembed, taps.attnOut.slice(s - 1) + position * d);
            std::tie(r.mlpNorm, r.mlpUdarkNorm) = split(unembed, taps.mlpOut.slice(s - 1) + position * d);
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
