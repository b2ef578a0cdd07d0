#pragma once
// Sweeps kept in the tap cache they were computed from, so that reopening a session shows them at
// once (docs/cache-format.md, "/sweeps"): /sweeps/<name> holds the cells as a float64 matrix
// `nll` ([layers, ks], NaN where not computed) and, as the JSON attribute `definition`, the
// filter, site, positions, swap, seed, layers, ks, the sample count and the unfiltered NLL.
// Written atomically (store/cache_sweeps.h); `analyze`, which replaces /analysis, keeps them.
#include "filterlab/sweep_grid.h"

#include <string>
#include <vector>

namespace spectro::filterlab {

// Adds or replaces the grid's sweep in the committed cache at `cachePath`. Throws Error naming
// the cache when it is not a valid cache; the cache is then unchanged.
void storeSweep(const std::string& cachePath, const SweepGrid& grid);

// Every sweep stored in the cache, in name order. A sweep whose definition is damaged or does not
// fit a model of `layers` layers is skipped and named in `problems` (one line each).
std::vector<SweepGrid> storedSweeps(const std::string& cachePath, int layers,
                                    std::vector<std::string>* problems = nullptr);

} // namespace spectro::filterlab
