#pragma once
// An HDF5 cache file being written under a temporary name beside its target: either a new file
// or a copy of the committed target. HDF5 1.10 updates files in place and a process killed in
// the middle of an update can leave a file that no longer opens, so the committed target is
// never opened for writing: changes go to the staged file, which replaces the target by an
// atomic rename when complete. Internal to core/store.
//
// While staged, the file has no root `format` attribute (it is added last, by publish()), and
// the HDF5 1.10 superblock marks it open for writing; either way a reader refuses it.
#include "store/hdf5_util.h"

#include <string>

namespace spectro {

class StagedCache {
public:
    enum class Start { Empty, CopyOfTarget };
    // Removes temporaries that dead writers left beside `target`, then stages a new file.
    StagedCache(const std::string& target, Start start);
    ~StagedCache(); // an unpublished staged file is deleted
    StagedCache(const StagedCache&) = delete;
    StagedCache& operator=(const StagedCache&) = delete;

    hid_t file() const { return file_.get(); }
    const std::string& target() const { return target_; }
    const std::string& temporaryPath() const { return temp_; }
    bool published() const { return published_; }

    // Stamps `modified`, marks the file complete, closes it, syncs it and renames it over the target.
    void publish();
    // publish(), then stage a copy of the new target and carry on writing. Returns the seconds
    // spent copying (the price of a checkpoint).
    double publishAndContinue();

private:
    void stageCopy();
    void open(bool create);

    std::string target_, temp_;
    h5::Handle file_;
    bool published_ = false;
};

// The current UTC time, ISO 8601 ("2024-05-01T12:00:00Z"), as caches record it.
std::string utcTimestamp();

} // namespace spectro
