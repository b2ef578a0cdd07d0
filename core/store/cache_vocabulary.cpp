#include "store/cache_vocabulary.h"

#include "store/hdf5_util.h"

namespace spectro::h5 {
namespace {

Handle stringType()
{
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.get(), H5T_VARIABLE);
    H5Tset_cset(type.get(), H5T_CSET_UTF8);
    return type;
}

} // namespace

void writeVocabulary(hid_t file, const StoredVocabulary& vocabulary, const std::string& path)
{
    if (exists(file, "vocabulary")) H5Ldelete(file, "vocabulary", H5P_DEFAULT);
    Handle group = requireGroup(file, "vocabulary", path);
    std::vector<const char*> pointers;
    pointers.reserve(vocabulary.pieces.size());
    for (const auto& piece : vocabulary.pieces) pointers.push_back(piece.c_str());
    const Handle type = stringType();
    const hsize_t n = pointers.size();
    Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    Handle ds(H5Dcreate2(group.get(), "pieces", type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
              H5Dclose);
    if (!ds) throw Error(path + ": cannot create dataset '/vocabulary/pieces'");
    if (n > 0 && H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0) {
        throw Error(path + ": cannot write dataset '/vocabulary/pieces' (disk full?)");
    }
    writeInt(group.get(), "bos_id", vocabulary.bosId);
    writeInt(group.get(), "eos_id", vocabulary.eosId);
}

bool hasVocabulary(hid_t file)
{
    return exists(file, "vocabulary/pieces");
}

StoredVocabulary readVocabulary(hid_t file, const std::string& path)
{
    StoredVocabulary out;
    Handle ds = openDataset(file, "vocabulary/pieces", path);
    Handle stored(H5Dget_type(ds.get()), H5Tclose);
    const std::vector<hsize_t> dims = dimensions(ds.get());
    if (!stored || H5Tget_class(stored.get()) != H5T_STRING || H5Tis_variable_str(stored.get()) <= 0 ||
        dims.size() != 1) {
        throw Error(path + ": dataset '/vocabulary/pieces' is not a one-dimensional array of strings");
    }
    std::vector<char*> pointers(dims[0], nullptr);
    if (!pointers.empty()) {
        // Read in the stored character set: HDF5 does not convert between ASCII and UTF-8.
        Handle memType(H5Tcopy(stored.get()), H5Tclose);
        Handle space(H5Dget_space(ds.get()), H5Sclose);
        if (H5Dread(ds.get(), memType.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0) {
            throw Error(path + ": cannot read '/vocabulary/pieces' (corrupt?)");
        }
        out.pieces.reserve(pointers.size());
        for (const char* p : pointers) out.pieces.emplace_back(p ? p : "");
        H5Dvlen_reclaim(memType.get(), space.get(), H5P_DEFAULT, pointers.data());
    }
    Handle group = openGroup(file, "vocabulary", path);
    out.bosId = readInt(group.get(), "bos_id", path, "/vocabulary");
    out.eosId = readInt(group.get(), "eos_id", path, "/vocabulary");
    return out;
}

} // namespace spectro::h5
