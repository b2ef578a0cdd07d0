#include "experiments/sweep.h"

#include <chrono>
#include <cstdio>

#include "util/error.h"
#include "util/log.h"

namespace spectro {
namespace {

std::string layerText(const std::vector<int>& layers)
{
    std::string text;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (i) text.push_back(';');
        text.append(std::to_string(layers[i]));
    }
    return text;
}

double secondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// One row per layer row, each with the control built from the unfiltered pass for its layers.
void controlRows(const Refilter& refilter, const SweepSpec& spec, const std::vector<std::vector<int>>& layerRows,
                 std::vector<SweepRow>& rows, const ProgressFn& progress)
{
    if (spec.site != Site::Resid) throw Error("sweep --control: controls act on the residual stream (--site resid)");
    if (spec.swap) throw Error("sweep --control: cannot be combined with --swap");
    if (spec.positions != Positions::All) throw Error("sweep --control: its target names the positions; --positions does not apply");
    int done = 0;
    for (const auto& layers : layerRows) {
        auto control = std::make_shared<const SinkControl>(makeSinkControl(*spec.control, refilter.base(), layers));
        if (spec.control->target == ControlTarget::Massive) {
            int entries = 0;
            for (int l : layers) entries += control->baseEntries(l);
            if (entries == 0) {
                warn("sweep " + spec.control->name() + ": no massive activation at the exit of layer " + layerText(layers) +
                     " under the thresholds; the row equals the baseline");
            }
        }
        Intervention iv{nullptr, Site::Resid, layers, Positions::All, false, control};
        const auto t0 = std::chrono::steady_clock::now();
        const RefilterResult r = spec.naive ? refilter.runNaive(iv) : refilter.run(iv);
        rows.push_back({spec.control->name(), siteName(spec.site), layerText(layers), -1, positionsName(Positions::All), false,
                        r.nll, r.tokens, secondsSince(t0)});
        reportProgress(progress, ++done / static_cast<double>(layerRows.size()), "sweep");
    }
}

}  // namespace

std::vector<SweepRow> runSweep(const Refilter& refilter, FilterFactory& filters, const SweepSpec& spec,
                               const ProgressFn& progress)
{
    if (spec.layers.empty()) throw Error("sweep: no layers");
    const bool bandSet = spec.kind == FilterKind::BandsU || spec.kind == FilterKind::BandsE;
    const std::vector<int> ks = bandSet ? std::vector<int>{static_cast<int>(spec.bands.size())} : spec.ks;
    if (ks.empty() && !spec.control) throw Error("sweep: no values of k");
    std::vector<std::vector<int>> layerRows;
    if (spec.together) layerRows.push_back(spec.layers);
    else for (int l : spec.layers) layerRows.push_back({l});

    std::vector<SweepRow> rows;
    const auto& base = refilter.baseline();
    if (base.tokens == 0) throw Error("sweep: no token to predict (every sample is a single token; give longer text)");
    rows.push_back({"none", siteName(spec.site), "", 0, positionsName(spec.positions), spec.swap, base.nll, base.tokens, 0});
    if (spec.control) {
        controlRows(refilter, spec, layerRows, rows, progress);
        return rows;
    }
    const double total = static_cast<double>(layerRows.size() * ks.size());
    int done = 0;
    for (int k : ks) {
        FilterSpec fs{spec.kind, k, spec.bands, spec.seed};
        auto filter = std::make_shared<const Filter>(filters.build(fs));
        for (const auto& layers : layerRows) {
            Intervention iv{filter, spec.site, layers, spec.positions, spec.swap};
            const auto t0 = std::chrono::steady_clock::now();
            const RefilterResult r = spec.naive ? refilter.runNaive(iv) : refilter.run(iv);
            rows.push_back({filterName(spec.kind), siteName(spec.site), layerText(layers), k, positionsName(spec.positions),
                            spec.swap, r.nll, r.tokens, secondsSince(t0)});
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
        const std::string k = r.filter == "none" || r.k < 0 ? "" : std::to_string(r.k);
        std::snprintf(line, sizeof line, "%s,%s,%s,%s,%s,%d,%.9g,%lld\n", r.filter.c_str(), r.site.c_str(),
                      r.layers.c_str(), k.c_str(), r.positions.c_str(), r.swap ? 1 : 0, r.nll, r.tokens);
        out += line;
    }
    return out;
}

}  // namespace spectro
