#pragma once
// Stores what `spectroscope-cli analyze` derives from a cache under /analysis of that cache
// (datasets listed in docs/cache-format.md). The committed cache is never modified in place: it
// is copied beside itself, the copy is changed and renamed over it, so a process killed during
// the update leaves the cache as it was. The price is one copy of the file per call (about
// 3.5 GB/s from the page cache on the project machine): write all results of an analysis in one
// call, not one call per sample.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace spectro {

struct AnalysisDataset {
    enum class Type { Float32, UInt8 };
    std::string path;                // relative to /analysis, e.g. "udr/000003"
    std::vector<std::int64_t> shape; // outermost first
    Type type = Type::Float32;
    std::vector<float> values;       // Type::Float32
    std::vector<std::uint8_t> flags; // Type::UInt8 (e.g. HMLV flags)
    std::string description;         // stored as the dataset's `description` attribute

    static AnalysisDataset floats(std::string path, std::vector<std::int64_t> shape, std::vector<float> values,
                                  std::string description);
    static AnalysisDataset uint8(std::string path, std::vector<std::int64_t> shape, std::vector<std::uint8_t> flags,
                                 std::string description);
};

enum class AnalysisReplace {
    Datasets, // replace the given datasets, keep the rest of /analysis
    All,      // remove /analysis first (a re-analysis with other options)
};

// Writes `datasets` under /analysis of the committed cache at `cachePath`, and `attributes` /
// `numbers` as attributes of the /analysis group (thresholds, options). Throws Error naming the
// cache and dataset when the cache is not a valid cache, a path is malformed, or a shape does not
// match its values; the cache is then unchanged.
void writeAnalysis(const std::string& cachePath, const std::vector<AnalysisDataset>& datasets,
                   const std::map<std::string, std::string>& attributes,
                   const std::map<std::string, double>& numbers = {},
                   AnalysisReplace replace = AnalysisReplace::Datasets);

} // namespace spectro
