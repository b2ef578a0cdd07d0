#pragma once
// The filter lab's NLL sweep heatmap: rows = the layer whose exit is filtered, columns = k (bands
// kept), for one filter kind, site, positions and swap choice. It fills cell by cell on the
// engine thread (NaN = not computed yet), so a cancelled sweep keeps what it finished and a
// restarted one computes only the rest. Each cell is what `spectroscope-cli sweep` computes for
// the same options (tests/core/test_filterlab.cpp checks it against the CLI's CSV).
#include "experiments/sweep.h"
#include "filterlab/filter_setting.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace spectro::filterlab {

struct SweepDefinition {
    FilterKind kind = FilterKind::PhiU; // Phi, Psi, Omega or Random (a band set has no k axis)
    Site site = Site::Resid;
    Positions positions = Positions::All;
    bool swap = false;
    std::uint64_t seed = 0;  // Random
    std::vector<int> layers; // one row each, ascending
    std::vector<int> ks;     // one column each, ascending

    bool operator==(const SweepDefinition&) const = default;

    // The name it is stored under in the cache (/analysis/sweeps/<name>): kind, site, positions,
    // then "swap" and the seed where they apply, e.g. "phi-u_resid_all", "random_mlp_bos_swap_seed3".
    std::string name() const;
    // The CLI's sweep for the same options (the grid's cells are its rows after the first).
    SweepSpec spec() const;
    // The lab's setting of one cell.
    FilterSetting cell(int layer, int k) const;
    // Every layer of the model and k = 1..N, as the CLI's defaults.
    static SweepDefinition full(FilterKind kind, Site site, Positions positions, bool swap, std::uint64_t seed,
                                int layers, int bands);
};

// Throws Error naming the field unless the definition can be swept on this model.
void validate(const SweepDefinition& definition, int layers, int bands);

struct SweepGrid {
    SweepDefinition definition;
    int samples = 0;
    long long tokens = 0;    // predicted tokens per cell (the baseline's)
    double baseline = 0;     // unfiltered NLL of the same samples
    std::vector<double> nll; // [layers, ks] row-major; NaN = not computed

    static SweepGrid empty(SweepDefinition definition, int samples, long long tokens, double baseline);
    int rows() const { return static_cast<int>(definition.layers.size()); }
    int columns() const { return static_cast<int>(definition.ks.size()); }
    double& at(int row, int column) { return nll[static_cast<std::size_t>(row * columns() + column)]; }
    double at(int row, int column) const { return nll[static_cast<std::size_t>(row * columns() + column)]; }
    int done() const;
    bool complete() const { return done() == rows() * columns(); }
};

using SweepGridPtr = std::shared_ptr<const SweepGrid>;

} // namespace spectro::filterlab
