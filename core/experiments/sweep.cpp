#include "experiments/sweep.h"

#include <chrono>
#include <cstdio>

#include "util/error.h"

namespace spectro {

std::vector<SweepRow> runSweep(const Refilter& refilter, FilterFactory& filters, const SweepSpec& spec,
                               const ProgressFn& progress)
{
    if (spec.layers.empty()) throw Error("sweep: no layers");
    const bool bandSet = spec.kind == FilterKind::BandsU || spec.kind == FilterKind::BandsE;
    const std::vector<int> ks = bandSet ? std::vector<int>{static_cast<int>(spec.bands.size())} : spec.ks;
    if (ks.empty()) throw Error("sweep: no values of k");
    std::vector<std::vector<int>> layerRows;
    if (spec.together) layerRows.push_back(spec.layers);
    else for (int l : spec.layers) layerRows.push_back({l});

    std::vector<SweepRow> rows;
    const auto& base = refilter.baseline();
    if (base.tokens == 0) throw Error("sweep: no token to predict (every sample is a single token; give longer text)");
    rows.push_back({"none", siteName(spec.site), "", 0, positionsName(spec.positions), spec.swap, base.nll, base.tokens, 0});
    const double total = static_cast<double>(layerRows.size() * ks.size());
    int done = 0;
    for (int k : ks) {
        FilterSpec fs{spec.kind, k, spec.bands, spec.seed};
        auto filter = std::make_shared<const Filter>(filters.build(fs));
        for (const auto& layers : layerRows) {
            Intervention iv{filter, spec.site, layers, spec.positions, spec.swap};
            const auto t0 = std::chrono::steady_clock::now();
            const RefilterResult r = spec.naive ? refilter.runNaive(iv) : refilter.run(iv);
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::string layerText;
            for (std::size_t i = 0; i < layers.size(); ++i) {
                if (i) layerText.push_back(';');
                layerText.append(std::to_string(layers[i]));
            }
            rows.push_back({filterName(spec.kind), siteName(spec.site), layerText, k, positionsName(spec.positions),
                            spec.swap, r.nll, r.tokens, seconds});
            reportProgress(progress, ++done / total, "sweep");
        }
    }
    return rows;
}

std::string sweepCsv(const std::vector<SweepRow>& rows)
{
    std::string out = "filter,site,layer,k,positions,swap,nll,n_tokens\n";
    char line[512];
    for (const auto& r : rows) {
        const std::string k = r.filter == "none" ? "" : std::to_string(r.k);
        std::snprintf(line, sizeof line, "%s,%s,%s,%s,%s,%d,%.9g,%lld\n", r.filter.c_str(), r.site.c_str(),
                      r.layers.c_str(), k.c_str(), r.positions.c_str(), r.swap ? 1 : 0, r.nll, r.tokens);
        out += line;
    }
    return out;
}

}  // namespace spectro
