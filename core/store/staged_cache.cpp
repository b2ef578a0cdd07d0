#include "store/staged_cache.h"

#include "store/cache_files.h"

#include <chrono>
#include <ctime>
#include <unistd.h>

namespace spectro {

namespace {
constexpr const char* kFormat = "spectroscope-cache";
}

StagedCache::StagedCache(const std::string& target, Start start) : target_(target)
{
    h5::silenceErrors();
    removeStaleTemporaries(target_);
    temp_ = cacheTemporaryPath(target_);
    if (start == Start::CopyOfTarget)
        stageCopy();
    else
        open(true);
}

StagedCache::~StagedCache()
{
    file_.reset();
    if (!published_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void StagedCache::open(bool create)
{
    h5::Handle fapl = h5::fileAccess();
    // SEMI: closing fails (instead of silently staying open) while an object is still open,
    // so publish() can never rename a file whose last writes are still in HDF5's buffers.
    H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI);
    const hid_t id = create ? H5Fcreate(temp_.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, fapl.get())
                            : H5Fopen(temp_.c_str(), H5F_ACC_RDWR, fapl.get());
    file_ = h5::Handle(id, H5Fclose);
    if (!file_) {
        throw Error(target_ + ": cannot " + std::string(create ? "create" : "open") + " the temporary cache file " +
                    temp_);
    }
    // A copy of a committed cache carries `format`; drop it until the copy is complete again.
    if (!create && H5Aexists(file_.get(), "format") > 0) H5Adelete(file_.get(), "format");
}

void StagedCache::stageCopy()
{
    copyFileBytes(target_, temp_);
    try {
        open(false);
    } catch (...) {
        ::unlink(temp_.c_str());
        throw;
    }
}

std::string utcTimestamp()
{
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

void StagedCache::publish()
{
    h5::writeString(file_.get(), "modified", utcTimestamp());
    h5::writeString(file_.get(), "format", kFormat);
    // Last of all: the checksum over everything above, by which readers know this app wrote it.
    h5::writeString(file_.get(), "root_checksum", h5::rootChecksum(file_.get(), target_));
    if (H5Fflush(file_.get(), H5F_SCOPE_LOCAL) < 0) throw Error(target_ + ": cannot flush the cache (disk full?)");
    // Take the handle over so that a failed close is not retried by the destructor.
    const hid_t id = file_.release();
    if (H5Fclose(id) < 0)
        throw Error(target_ + ": cannot close the finished cache (disk full, or an object left open)");
    publishFile(temp_, target_);
    published_ = true;
}

double StagedCache::publishAndContinue()
{
    publish();
    const auto start = std::chrono::steady_clock::now();
    temp_ = cacheTemporaryPath(target_);
    published_ = false;
    stageCopy();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace spectro
