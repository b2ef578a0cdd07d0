#include "store/cache_analysis.h"

#include "engine/array.h"
#include "store/cache_reader.h"
#include "store/hdf5_util.h"
#include "store/staged_cache.h"

namespace spectro {

AnalysisDataset AnalysisDataset::floats(std::string path, std::vector<std::int64_t> shape, std::vector<float> values,
                                        std::string description)
{
    AnalysisDataset d;
    d.path = std::move(path);
    d.shape = std::move(shape);
    d.values = std::move(values);
    d.description = std::move(description);
    return d;
}

AnalysisDataset AnalysisDataset::uint8(std::string path, std::vector<std::int64_t> shape,
                                       std::vector<std::uint8_t> flags, std::string description)
{
    AnalysisDataset d;
    d.path = std::move(path);
    d.shape = std::move(shape);
    d.type = Type::UInt8;
    d.flags = std::move(flags);
    d.description = std::move(description);
    return d;
}

namespace {

// Relative, non-empty components of letters, digits and "_-.", no "." or "..": the path can
// neither escape /analysis nor need quoting in h5py.
bool wellFormed(const std::string& path)
{
    if (path.empty() || path.front() == '/' || path.back() == '/') return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        const std::string part = path.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") return false;
        for (char c : part) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                            c == '-' || c == '.';
            if (!ok) return false;
        }
        start = end + 1;
    }
    return true;
}

void check(const std::string& cache, const AnalysisDataset& d)
{
    const std::string where = cache + ": analysis dataset '" + d.path + "'";
    if (!wellFormed(d.path)) throw Error(where + ": the path must be relative to /analysis, like \"udr/000003\"");
    for (auto n : d.shape) {
        if (n < 0) throw Error(where + ": negative extent in its shape");
    }
    const auto expected = static_cast<std::size_t>(Array::count(d.shape));
    const std::size_t got = d.type == AnalysisDataset::Type::Float32 ? d.values.size() : d.flags.size();
    const std::size_t other = d.type == AnalysisDataset::Type::Float32 ? d.flags.size() : d.values.size();
    if (got != expected || other != 0) {
        throw Error(where + " has " + std::to_string(got) + " values for a shape of " + std::to_string(expected) +
                    (other ? " (and values of the other type)" : ""));
    }
}

} // namespace

void writeAnalysis(const std::string& cachePath, const std::vector<AnalysisDataset>& datasets,
                   const std::map<std::string, std::string>& attributes, const std::map<std::string, double>& numbers,
                   AnalysisReplace replace)
{
    for (const auto& d : datasets) check(cachePath, d); // before the copy: bad input costs nothing
    {
        const CacheReader valid(cachePath);
    } // refuses foreign and broken files

    StagedCache staged(cachePath, StagedCache::Start::CopyOfTarget);
    const hid_t file = staged.file();
    if (replace == AnalysisReplace::All && h5::exists(file, "analysis")) H5Ldelete(file, "analysis", H5P_DEFAULT);
    {
        h5::Handle group = h5::requireGroup(file, "analysis", cachePath);
        for (const auto& d : datasets) {
            const std::vector<hsize_t> dims(d.shape.begin(), d.shape.end());
            if (d.type == AnalysisDataset::Type::Float32) {
                h5::writeSmallDataset(group.get(), d.path, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, dims, d.values.data(),
                                      cachePath);
            } else {
                h5::writeSmallDataset(group.get(), d.path, H5T_STD_U8LE, H5T_NATIVE_UINT8, dims, d.flags.data(),
                                      cachePath);
            }
            if (!d.description.empty()) {
                h5::Handle ds = h5::openDataset(group.get(), d.path, cachePath);
                h5::writeString(ds.get(), "description", d.description);
            }
        }
        for (const auto& [name, value] : attributes) h5::writeString(group.get(), name, value);
        for (const auto& [name, value] : numbers) h5::writeDouble(group.get(), name, value);
    }
    staged.publish();
}

} // namespace spectro
