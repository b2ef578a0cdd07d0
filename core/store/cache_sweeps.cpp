#include "store/cache_sweeps.h"

#include "store/cache_reader.h"
#include "store/hdf5_util.h"
#include "store/staged_cache.h"

namespace spectro {
namespace {

bool wellFormedName(const std::string& name)
{
    if (name.empty() || name == "." || name == "..") return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '-' || c == '.';
        if (!ok) return false;
    }
    return true;
}

herr_t collectName(hid_t, const char* name, const H5L_info_t*, void* out)
{
    static_cast<std::vector<std::string>*>(out)->push_back(name);
    return 0;
}

} // namespace

void writeSweep(const std::string& cachePath, const StoredSweep& s)
{
    const std::string where = cachePath + ": sweep '" + s.name + "'";
    if (!wellFormedName(s.name)) throw Error(where + ": the name may hold letters, digits and _-. only");
    std::int64_t count = s.shape.size() == 2 ? 1 : -1;
    for (auto n : s.shape) count = n < 0 ? -1 : count * n;
    if (count < 0 || static_cast<std::size_t>(count) != s.values.size()) {
        throw Error(where + " has " + std::to_string(s.values.size()) + " values for its [rows, columns] shape");
    }
    {
        const CacheReader valid(cachePath);
    } // refuses foreign and broken files before the copy
    StagedCache staged(cachePath, StagedCache::Start::CopyOfTarget);
    {
        h5::Handle sweeps = h5::requireGroup(staged.file(), "sweeps", cachePath);
        if (h5::exists(sweeps.get(), s.name)) H5Ldelete(sweeps.get(), s.name.c_str(), H5P_DEFAULT);
        h5::Handle group = h5::requireGroup(sweeps.get(), s.name, cachePath);
        const std::vector<hsize_t> dims(s.shape.begin(), s.shape.end());
        h5::writeSmallDataset(group.get(), "nll", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, s.values.data(), cachePath);
        h5::writeString(group.get(), "definition", s.definition);
        h5::writeString(
            group.get(), "description",
            "NLL per filtered layer (rows) and bands kept k (columns) under the filter the definition names; "
            "NaN = not computed");
    }
    staged.publish();
}

std::vector<StoredSweep> readSweeps(const std::string& cachePath, std::vector<std::string>* problems)
{
    h5::silenceErrors();
    h5::Handle access = h5::fileAccess();
    h5::Handle file(H5Fopen(cachePath.c_str(), H5F_ACC_RDONLY, access.get()), H5Fclose);
    if (!file) throw Error(cachePath + ": cannot open the cache (" + h5::lastErrorDetail() + ")");
    std::vector<StoredSweep> out;
    if (!h5::exists(file.get(), "sweeps")) return out;
    h5::Handle sweeps = h5::openGroup(file.get(), "sweeps", cachePath);
    std::vector<std::string> names;
    H5Literate(sweeps.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collectName, &names);
    for (const auto& name : names) {
        try {
            StoredSweep s;
            s.name = name;
            h5::Handle group = h5::openGroup(sweeps.get(), name, cachePath);
            s.definition = h5::readString(group.get(), "definition", cachePath);
            h5::Handle ds = h5::openDataset(group.get(), "nll", cachePath);
            for (auto d : h5::dimensions(ds.get())) s.shape.push_back(static_cast<std::int64_t>(d));
            if (s.shape.size() != 2) throw Error("its nll is not a [rows, columns] matrix");
            s.values.resize(static_cast<std::size_t>(s.shape[0] * s.shape[1]));
            if (!s.values.empty() &&
                H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, s.values.data()) < 0) {
                throw Error("its nll cannot be read (" + h5::lastErrorDetail() + ")");
            }
            out.push_back(std::move(s));
        } catch (const std::exception& e) {
            if (problems) problems->push_back(cachePath + ": sweep '" + name + "' skipped: " + e.what());
        }
    }
    return out;
}

} // namespace spectro
