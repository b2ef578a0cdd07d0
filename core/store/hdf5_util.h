#pragma once
// RAII for HDF5 handles and the small attribute/dataset helpers shared by the cache writer,
// reader and analysis store. Internal to core/store: callers see no HDF5 types.
#include "util/error.h"

#include <cstdint>
#include <hdf5.h>
#include <string>
#include <vector>

namespace spectro::h5 {

class Handle {
public:
    Handle() = default;
    Handle(hid_t id, herr_t (*closer)(hid_t)) : id_(id), closer_(closer) {}
    ~Handle() { reset(); }
    Handle(Handle&& o) noexcept : id_(o.id_), closer_(o.closer_) { o.id_ = -1; }
    Handle& operator=(Handle&& o) noexcept
    {
        if (this != &o) {
            reset();
            id_ = o.id_;
            closer_ = o.closer_;
            o.id_ = -1;
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    hid_t get() const { return id_; }
    explicit operator bool() const { return id_ >= 0; }
    // Gives up ownership without closing (for callers that must check the close itself).
    hid_t release()
    {
        const hid_t id = id_;
        id_ = -1;
        return id;
    }
    void reset()
    {
        if (id_ >= 0 && closer_) closer_(id_);
        id_ = -1;
    }

private:
    hid_t id_ = -1;
    herr_t (*closer_)(hid_t) = nullptr;
};

inline hid_t check(hid_t id, const std::string& what)
{
    if (id < 0) throw Error(what);
    return id;
}

// HDF5 prints its own error stack to stderr by default; we report one line instead. Also shuts
// the doors a cache never needs, once per process (see prepareLibrary).
void silenceErrors();

// Caches are files this app wrote, so nothing in one may reach outside it: external links are
// unregistered (opening one fails), and filter plugins are never loaded (a crafted file could
// name a filter whose plugin lies in HDF5_PLUGIN_PATH). Called by silenceErrors().
void prepareLibrary();

// The innermost message of HDF5's current error stack (e.g. "truncated file: eof = 4096, ...",
// "checksum verification failed"), "" if none; for the tail of our own one-line errors.
std::string lastErrorDetail();

// File access properties for every cache file: the HDF5 1.10 file format, whose superblock,
// object headers, group indexes and chunk indexes carry checksums (so a flipped metadata byte
// is an error, not a wild read), and whose superblock marks a file open for writing (so the
// temporary file of a killed writer refuses to open). Readers use it too: the bounds only
// affect what is written, and older (version 1) caches open the same.
Handle fileAccess();

// Does `path` (absolute inside the file, or relative to `location`) name an existing link?
// Checks every component, as H5Lexists requires, and follows hard links only: a soft or
// external link (which a cache never holds) counts as absent.
bool exists(hid_t location, const std::string& path);

// Creates missing intermediate groups when creating objects at a nested path.
Handle linkCreateWithParents();

Handle openGroup(hid_t location, const std::string& path, const std::string& file);
// Refuses datasets whose data lies outside the file (external storage, virtual datasets) or that
// need a filter other than deflate, shuffle and Fletcher-32.
Handle openDataset(hid_t location, const std::string& path, const std::string& file);
// Opens the group, creating it (and its parents) when absent.
Handle requireGroup(hid_t location, const std::string& path, const std::string& file);

// Attributes. Strings are fixed-length UTF-8 (h5py and h5dump show them as plain text).
// Writing replaces an existing attribute of the same name.
void writeString(hid_t object, const std::string& name, const std::string& value);
void writeInt(hid_t object, const std::string& name, int value);
void writeDouble(hid_t object, const std::string& name, double value);
// "" when absent; `file` names the file in errors. Every attribute read must be a scalar (a
// crafted array attribute would otherwise be read into a one-value buffer).
std::string readString(hid_t object, const std::string& name, const std::string& file);
// Throws Error naming `file`, `where` and the attribute when it is absent, unreadable, not an
// integer, or outside int's range.
int readInt(hid_t object, const std::string& name, const std::string& file, const std::string& where);
double readDouble(hid_t object, const std::string& name, const std::string& file, const std::string& where);

// The extent of a dataset.
std::vector<hsize_t> dimensions(hid_t dataset);

// Throws Error naming `file` and `what` when a dataset of `dims` with elements of `elementBytes`
// would not fit the memory available (a few bytes of HDF5 can declare a dataset of exabytes).
void checkFitsMemory(const std::vector<hsize_t>& dims, std::size_t elementBytes, const std::string& file,
                     const std::string& what);

// A checksum (16 hex digits) over the root group's attributes other than `root_checksum`, and
// over the attributes of /model/config: names, types and values. The writer stores it as
// `root_checksum` when it publishes; the reader opens only files whose attributes match it, i.e.
// caches this app wrote and nobody edited. Throws Error when an attribute is not a scalar.
std::string rootChecksum(hid_t file, const std::string& path);

// A whole small dataset written in one go (no chunking); `memType` describes `values`.
void writeSmallDataset(hid_t group, const std::string& name, hid_t fileType, hid_t memType,
                       const std::vector<hsize_t>& dims, const void* values, const std::string& file);

} // namespace spectro::h5
