#include "filterlab/sweep_grid.h"

#include "util/error.h"

#include <cmath>
#include <limits>

namespace spectro::filterlab {

std::string SweepDefinition::name() const
{
    std::string out = filterName(kind) + "_" + siteName(site) + "_" + positionsName(positions);
    if (swap) out += "_swap";
    if (kind == FilterKind::Random) out += "_seed" + std::to_string(seed);
    return out;
}

SweepSpec SweepDefinition::spec() const
{
    SweepSpec s;
    s.kind = kind;
    s.site = site;
    s.layers = layers;
    s.ks = ks;
    s.positions = positions;
    s.swap = swap;
    s.seed = seed;
    return s;
}

FilterSetting SweepDefinition::cell(int layer, int k) const
{
    FilterSetting s;
    s.kind = kind;
    s.k = k;
    s.seed = seed;
    s.site = site;
    s.layers = {layer};
    s.positions = positions;
    s.swap = swap;
    return s;
}

SweepDefinition SweepDefinition::full(FilterKind kind, Site site, Positions positions, bool swap, std::uint64_t seed,
                                      int layers, int bands)
{
    SweepDefinition d;
    d.kind = kind;
    d.site = site;
    d.positions = positions;
    d.swap = swap;
    d.seed = seed;
    for (int l = 0; l < layers; ++l) d.layers.push_back(l);
    for (int k = 1; k <= bands; ++k) d.ks.push_back(k);
    return d;
}

void validate(const SweepDefinition& d, int layers, int bands)
{
    if (d.kind == FilterKind::None || d.kind == FilterKind::BandsU || d.kind == FilterKind::BandsE) {
        throw Error("sweep: " + filterName(d.kind) +
                    " has no k to sweep (use phi-u, phi-e, psi, omega-u, omega-e or random)");
    }
    if (d.layers.empty()) throw Error("sweep: no layers");
    if (d.ks.empty()) throw Error("sweep: no values of k");
    for (int k : d.ks) {
        if (k < 0 || k > bands)
            throw Error("sweep: k = " + std::to_string(k) + " is outside 0.." + std::to_string(bands));
    }
    for (int l : d.layers) validate(d.cell(l, d.ks.front()), layers, bands);
}

SweepGrid SweepGrid::empty(SweepDefinition definition, int samples, long long tokens, double baseline)
{
    SweepGrid g;
    g.definition = std::move(definition);
    g.samples = samples;
    g.tokens = tokens;
    g.baseline = baseline;
    g.nll.assign(static_cast<std::size_t>(g.rows() * g.columns()), std::numeric_limits<double>::quiet_NaN());
    return g;
}

int SweepGrid::done() const
{
    int n = 0;
    for (double v : nll) n += std::isnan(v) ? 0 : 1;
    return n;
}

} // namespace spectro::filterlab
