#include "store/hdf5_util.h"

namespace spectro::h5 {

std::string lastErrorDetail()
{
    std::string detail;
    // Walked upward, the first entry is the innermost: the actual cause, not the API call.
    H5Ewalk2(
        H5E_DEFAULT, H5E_WALK_UPWARD,
        [](unsigned n, const H5E_error2_t* e, void* out) -> herr_t {
            if (n == 0 && e && e->desc) *static_cast<std::string*>(out) = e->desc;
            return 0;
        },
        &detail);
    return detail;
}

Handle fileAccess()
{
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V110, H5F_LIBVER_V110);
#if H5_VERSION_GE(1, 10, 7)
    // Lock files where the file system can, but do not fail where it cannot (NFS, some FUSE):
    // our own crash safety does not depend on HDF5's locks.
    H5Pset_file_locking(fapl.get(), 1, 1);
#endif
    return fapl;
}

bool exists(hid_t location, const std::string& path)
{
    // H5Lexists fails (rather than answering false) when a parent is missing: walk the path.
    std::string prefix = path.starts_with('/') ? "/" : "";
    std::size_t start = prefix.size();
    while (start < path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        prefix += path.substr(start, end - start);
        if (H5Lexists(location, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
        prefix += '/';
        start = end + 1;
    }
    return true;
}

Handle linkCreateWithParents()
{
    Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
    H5Pset_create_intermediate_group(lcpl.get(), 1);
    H5Pset_char_encoding(lcpl.get(), H5T_CSET_UTF8);
    return lcpl;
}

Handle openGroup(hid_t location, const std::string& path, const std::string& file)
{
    if (!exists(location, path)) throw Error(file + ": group '" + path + "' is missing");
    Handle g(H5Gopen2(location, path.c_str(), H5P_DEFAULT), H5Gclose);
    if (!g) throw Error(file + ": '" + path + "' is not a readable group (corrupt?)");
    return g;
}

Handle openDataset(hid_t location, const std::string& path, const std::string& file)
{
    if (!exists(location, path)) throw Error(file + ": dataset '" + path + "' is missing");
    Handle d(H5Dopen2(location, path.c_str(), H5P_DEFAULT), H5Dclose);
    if (!d) throw Error(file + ": '" + path + "' is not a readable dataset (corrupt?)");
    return d;
}

Handle requireGroup(hid_t location, const std::string& path, const std::string& file)
{
    if (exists(location, path)) return openGroup(location, path, file);
    Handle lcpl = linkCreateWithParents();
    Handle g(H5Gcreate2(location, path.c_str(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    if (!g) throw Error(file + ": cannot create group '" + path + "'");
    return g;
}

namespace {

Handle createAttribute(hid_t object, const std::string& name, hid_t type)
{
    if (H5Aexists(object, name.c_str()) > 0) H5Adelete(object, name.c_str());
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle attr(H5Acreate2(object, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!attr) throw Error("cannot create attribute '" + name + "'");
    return attr;
}

Handle openAttribute(hid_t object, const std::string& name, const std::string& file, const std::string& where)
{
    if (H5Aexists(object, name.c_str()) <= 0)
        throw Error(file + ": attribute '" + name + "' of " + where + " is missing");
    Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
    if (!attr) throw Error(file + ": attribute '" + name + "' of " + where + " is unreadable");
    return attr;
}

} // namespace

void writeString(hid_t object, const std::string& name, const std::string& value)
{
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.get(), value.size() + 1); // NULLTERM: the terminator takes a byte
    H5Tset_cset(type.get(), H5T_CSET_UTF8);
    Handle attr = createAttribute(object, name, type.get());
    if (H5Awrite(attr.get(), type.get(), value.c_str()) < 0) throw Error("cannot write attribute '" + name + "'");
}

void writeInt(hid_t object, const std::string& name, int value)
{
    Handle attr = createAttribute(object, name, H5T_STD_I32LE);
    if (H5Awrite(attr.get(), H5T_NATIVE_INT, &value) < 0) throw Error("cannot write attribute '" + name + "'");
}

void writeDouble(hid_t object, const std::string& name, double value)
{
    Handle attr = createAttribute(object, name, H5T_IEEE_F64LE);
    if (H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, &value) < 0) throw Error("cannot write attribute '" + name + "'");
}

std::string readString(hid_t object, const std::string& name, const std::string& file)
{
    if (H5Aexists(object, name.c_str()) <= 0) return {};
    Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
    Handle type(H5Aget_type(attr.get()), H5Tclose);
    if (!attr || !type || H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) > 0) {
        throw Error(file + ": attribute '" + name + "' is not a fixed-length string");
    }
    std::string value(H5Tget_size(type.get()), '\0');
    // Read with the stored type itself: HDF5 will not convert between ASCII and UTF-8 sets.
    if (H5Aread(attr.get(), type.get(), value.data()) < 0)
        throw Error(file + ": attribute '" + name + "' is unreadable");
    while (!value.empty() && value.back() == '\0') value.pop_back();
    return value;
}

int readInt(hid_t object, const std::string& name, const std::string& file, const std::string& where)
{
    Handle attr = openAttribute(object, name, file, where);
    int value = 0;
    if (H5Aread(attr.get(), H5T_NATIVE_INT, &value) < 0)
        throw Error(file + ": attribute '" + name + "' of " + where + " is not an integer");
    return value;
}

double readDouble(hid_t object, const std::string& name, const std::string& file, const std::string& where)
{
    Handle attr = openAttribute(object, name, file, where);
    double value = 0;
    if (H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value) < 0)
        throw Error(file + ": attribute '" + name + "' of " + where + " is not a number");
    return value;
}

std::vector<hsize_t> dimensions(hid_t dataset)
{
    Handle space(H5Dget_space(dataset), H5Sclose);
    const int rank = space ? H5Sget_simple_extent_ndims(space.get()) : -1;
    if (rank < 0) return {};
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    return dims;
}

void writeSmallDataset(hid_t group, const std::string& name, hid_t fileType, hid_t memType,
                       const std::vector<hsize_t>& dims, const void* values, const std::string& file)
{
    if (exists(group, name)) H5Ldelete(group, name.c_str(), H5P_DEFAULT);
    Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
    Handle lcpl = linkCreateWithParents();
    Handle ds(H5Dcreate2(group, name.c_str(), fileType, space.get(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
    if (!ds) throw Error(file + ": cannot create dataset '" + name + "'");
    hsize_t count = 1;
    for (auto d : dims) count *= d;
    if (count > 0 && H5Dwrite(ds.get(), memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0) {
        throw Error(file + ": cannot write dataset '" + name + "' (disk full?)");
    }
}

} // namespace spectro::h5
