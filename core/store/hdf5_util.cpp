#include "store/hdf5_util.h"

#include <H5PLpublic.h>
#include <climits>
#include <cstdio>
#include <mutex>

#include "util/fnv1a.h"
#include "util/memory.h"

namespace spectro::h5 {

void prepareLibrary()
{
    static std::once_flag once;
    std::call_once(once, [] {
        H5PLset_loading_state(0);
        H5Lunregister(H5L_TYPE_EXTERNAL);
    });
}

void silenceErrors()
{
    prepareLibrary();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

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
        H5L_info_t link{};
        if (H5Lget_info(location, prefix.c_str(), &link, H5P_DEFAULT) < 0 || link.type != H5L_TYPE_HARD) return false;
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
    // Where the data lives and how it is decoded: only inside this file, only with the standard
    // filters the writer uses.
    Handle dcpl(H5Dget_create_plist(d.get()), H5Pclose);
    if (!dcpl) throw Error(file + ": dataset '" + path + "' has unreadable properties (corrupt?)");
    if (H5Pget_layout(dcpl.get()) == H5D_VIRTUAL || H5Pget_external_count(dcpl.get()) != 0) {
        throw Error(file + ": dataset '" + path + "' keeps its data in other files; caches hold their data themselves");
    }
    const int filters = H5Pget_nfilters(dcpl.get());
    for (int i = 0; i < filters; ++i) {
        unsigned flags = 0, config = 0;
        std::size_t elements = 0;
        const H5Z_filter_t id = H5Pget_filter2(dcpl.get(), static_cast<unsigned>(i), &flags, &elements, nullptr, 0,
                                               nullptr, &config);
        if (id != H5Z_FILTER_DEFLATE && id != H5Z_FILTER_SHUFFLE && id != H5Z_FILTER_FLETCHER32) {
            throw Error(file + ": dataset '" + path + "' needs HDF5 filter " + std::to_string(id) +
                        " (caches use only deflate, shuffle and Fletcher-32)");
        }
    }
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

// One value: every attribute the app writes is a scalar, and each is read into one value.
bool isScalar(hid_t attr)
{
    Handle space(H5Aget_space(attr), H5Sclose);
    return space && H5Sget_simple_extent_npoints(space.get()) == 1;
}

Handle openAttribute(hid_t object, const std::string& name, const std::string& file, const std::string& where)
{
    if (H5Aexists(object, name.c_str()) <= 0)
        throw Error(file + ": attribute '" + name + "' of " + where + " is missing");
    Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
    if (!attr) throw Error(file + ": attribute '" + name + "' of " + where + " is unreadable");
    if (!isScalar(attr.get())) throw Error(file + ": attribute '" + name + "' of " + where + " is not a single value");
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
    if (!attr || !type || H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) > 0 ||
        !isScalar(attr.get())) {
        throw Error(file + ": attribute '" + name + "' is not a fixed-length string");
    }
    if (H5Tget_size(type.get()) > (64u << 20)) throw Error(file + ": attribute '" + name + "' is implausibly long");
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
    Handle type(H5Aget_type(attr.get()), H5Tclose);
    long long value = 0;
    // Read at full width, then range-checked: HDF5 would saturate 2^32 + 64 to INT_MAX silently.
    if (!type || H5Tget_class(type.get()) != H5T_INTEGER || H5Aread(attr.get(), H5T_NATIVE_LLONG, &value) < 0)
        throw Error(file + ": attribute '" + name + "' of " + where + " is not an integer");
    if (value < INT_MIN || value > INT_MAX) {
        throw Error(file + ": attribute '" + name + "' of " + where + " = " + std::to_string(value) +
                    " does not fit a 32-bit integer");
    }
    return static_cast<int>(value);
}

double readDouble(hid_t object, const std::string& name, const std::string& file, const std::string& where)
{
    Handle attr = openAttribute(object, name, file, where);
    Handle type(H5Aget_type(attr.get()), H5Tclose);
    double value = 0;
    const H5T_class_t kind = type ? H5Tget_class(type.get()) : H5T_NO_CLASS;
    if ((kind != H5T_FLOAT && kind != H5T_INTEGER) || H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value) < 0)
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

void checkFitsMemory(const std::vector<hsize_t>& dims, std::size_t elementBytes, const std::string& file,
                     const std::string& what)
{
    unsigned long long bytes = elementBytes;
    for (auto d : dims) {
        if (__builtin_mul_overflow(bytes, static_cast<unsigned long long>(d), &bytes)) bytes = ULLONG_MAX;
    }
    if (bytes > availableMemoryBytes()) {
        throw Error(file + ": " + what + " would take " + formatBytes(bytes) + " in memory, more than the " +
                    formatBytes(availableMemoryBytes()) + " available");
    }
}

namespace {

// Adds every attribute of `object` (in name order) but `skip` to `hash`.
void hashAttributes(hid_t object, const char* skip, Fnv1a64& hash, const std::string& file, const std::string& where)
{
    H5O_info_t info{};
    if (H5Oget_info2(object, &info, H5O_INFO_NUM_ATTRS) < 0) throw Error(file + ": cannot list the attributes of " + where);
    for (hsize_t i = 0; i < info.num_attrs; ++i) {
        Handle attr(H5Aopen_by_idx(object, ".", H5_INDEX_NAME, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        if (!attr) throw Error(file + ": an attribute of " + where + " is unreadable (corrupt?)");
        const ssize_t length = H5Aget_name(attr.get(), 0, nullptr);
        std::string name(static_cast<std::size_t>(std::max<ssize_t>(length, 0)), '\0');
        H5Aget_name(attr.get(), name.size() + 1, name.data());
        if (name == skip) continue;
        Handle type(H5Aget_type(attr.get()), H5Tclose);
        const std::size_t size = type ? H5Tget_size(type.get()) : 0;
        if (!type || !isScalar(attr.get()) || H5Tis_variable_str(type.get()) > 0 || size == 0 || size > (64u << 20)) {
            throw Error(file + ": attribute '" + name + "' of " + where + " is not a single fixed-size value");
        }
        std::vector<unsigned char> value(size);
        if (H5Aread(attr.get(), type.get(), value.data()) < 0) throw Error(file + ": attribute '" + name + "' is unreadable");
        const int kind = H5Tget_class(type.get());
        hash.add(name.data(), name.size() + 1);
        hash.add(&kind, sizeof kind);
        hash.add(&size, sizeof size);
        hash.add(value.data(), value.size());
    }
}

} // namespace

std::string rootChecksum(hid_t file, const std::string& path)
{
    Fnv1a64 hash;
    hashAttributes(file, "root_checksum", hash, path, "the root group");
    if (exists(file, "model/config")) {
        Handle config(H5Gopen2(file, "model/config", H5P_DEFAULT), H5Gclose);
        if (!config) throw Error(path + ": '/model/config' is not a readable group (corrupt?)");
        hashAttributes(config.get(), "", hash, path, "/model/config");
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash.h));
    return hex;
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
