#include "io/regular_file.h"

#include "util/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace spectro {
namespace {

const char* kindOf(mode_t mode)
{
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a plain file";
}

} // namespace

RegularFile::RegularFile(const std::string& path) : path_(path)
{
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd_ < 0) throw Error(path + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
        const int err = errno;
        ::close(fd_);
        throw Error(path + ": cannot stat: " + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd_);
        throw Error(path + ": is " + kindOf(st.st_mode) + ", not a regular file");
    }
    // Back to blocking reads: for a regular file the flag means nothing, but say what we mean.
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
    size_ = static_cast<std::uint64_t>(st.st_size);
}

RegularFile::~RegularFile()
{
    if (fd_ >= 0) ::close(fd_);
}

std::string RegularFile::readAll(std::uint64_t maxBytes, const std::string& what) const
{
    if (size_ > maxBytes) {
        throw Error(path_ + ": is " + std::to_string(size_) + " bytes, more than a " + what + " may hold (" +
                    std::to_string(maxBytes) + ")");
    }
    std::string bytes(static_cast<std::size_t>(size_), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pread(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error(path_ + ": read failed: " + std::strerror(errno));
        if (n == 0) break; // shrank while reading: keep what is there
        done += static_cast<std::size_t>(n);
    }
    bytes.resize(done);
    return bytes;
}

std::string readSmallFile(const std::string& path, std::uint64_t maxBytes, const std::string& what)
{
    return RegularFile(path).readAll(maxBytes, what);
}

} // namespace spectro
