#include "io/atomic_file.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"

namespace spectro {

AtomicFile::AtomicFile(std::string targetPath) : target_(std::move(targetPath))
{
    std::string pattern = target_ + ".tmp-XXXXXX";
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) {
        throw Error(target_ + ": cannot create a temporary file beside it: " + std::strerror(errno));
    }
    tempPath_ = pattern;
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
        ::close(fd);
        ::unlink(tempPath_.c_str());
        throw Error(target_ + ": cannot open temporary file: " + std::strerror(errno));
    }
    ::fchmod(fd, 0644);
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 22);
}

AtomicFile::~AtomicFile()
{
    if (file_) std::fclose(file_);
    if (!committed_) ::unlink(tempPath_.c_str());
}

void AtomicFile::write(const void* data, std::size_t size)
{
    if (size == 0) return;
    if (std::fwrite(data, 1, size, file_) != size) {
        throw Error(target_ + ": write failed after " + std::to_string(written_) + " bytes: " + std::strerror(errno));
    }
    written_ += size;
}

void AtomicFile::commit()
{
    if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) {
        throw Error(target_ + ": cannot flush to disk: " + std::strerror(errno));
    }
    std::fclose(file_);
    file_ = nullptr;
    if (std::rename(tempPath_.c_str(), target_.c_str()) != 0) {
        throw Error(target_ + ": cannot replace with the finished file: " + std::strerror(errno));
    }
    committed_ = true;
}

void writeFileAtomically(const std::string& path, const std::string& text)
{
    AtomicFile file(path);
    file.write(text);
    file.commit();
}

}  // namespace spectro
