#pragma once
// /sweeps of a cache: the filter lab's NLL sweeps (docs/cache-format.md, "/sweeps"), one group
// per sweep holding a float64 matrix `nll` and the sweep's definition as a JSON attribute. Kept
// apart from /analysis, which `analyze` replaces as a whole, so a re-analysis keeps the sweeps.
// Written like /analysis: the committed cache is copied beside itself, the copy changed and
// renamed over it (a process killed meanwhile leaves the cache as it was).
#include <cstdint>
#include <string>
#include <vector>

namespace spectro {

struct StoredSweep {
    std::string name;                // letters, digits and "_-." (the group's name)
    std::string definition;          // JSON object text (the attribute `definition`)
    std::vector<std::int64_t> shape; // [rows, columns]
    std::vector<double> values;      // row-major; NaN = not computed
};

// Adds or replaces /sweeps/<name> of the committed cache at `cachePath`. Throws Error naming the
// cache and the sweep for a cache that is not valid, a malformed name or a shape that does not
// match the values; the cache is then unchanged.
void writeSweep(const std::string& cachePath, const StoredSweep& sweep);

// Every sweep of the cache, in name order (none without /sweeps). A sweep whose group is damaged
// is skipped and named in `problems`.
std::vector<StoredSweep> readSweeps(const std::string& cachePath, std::vector<std::string>* problems = nullptr);

} // namespace spectro
