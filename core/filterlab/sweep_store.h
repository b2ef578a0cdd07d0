#pragma once
// Sweeps kept in the tap cache they were computed from, so that reopening a session shows them at
// once (docs/cache-format.md, "/analysis/sweeps"): the cells go to the float32 dataset
// /analysis/sweeps/<name>/nll ([layers, ks], NaN where not computed), the definition, the sample
// count and the baseline to the /analysis attribute "sweep.<name>" (JSON). Written through
// writeAnalysis, so the cache is replaced atomically and its other analyses are kept.
#include <string>
#include <vector>

#include "filterlab/sweep_grid.h"

namespace spectro {
class CacheReader;
}

namespace spectro::filterlab {

// Adds or replaces the grid's sweep in the committed cache at `cachePath`. Throws Error naming
// the cache when it is not a valid cache; the cache is then unchanged.
void storeSweep(const std::string& cachePath, const SweepGrid& grid);

// Every sweep stored in the cache, in name order. A sweep whose attribute or dataset is damaged
// or does not fit the cache's model is skipped and named in `problems` (one line each).
std::vector<SweepGrid> storedSweeps(const CacheReader& cache, std::vector<std::string>* problems = nullptr);

} // namespace spectro::filterlab
