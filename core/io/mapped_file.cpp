#include "io/mapped_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"

namespace spectro {

std::shared_ptr<const MappedFile> MappedFile::open(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw Error(path + ": cannot open: " + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(path + ": not a regular file");
    }
    const auto size = static_cast<std::uint64_t>(st.st_size);
    const std::byte* data = nullptr;
    if (size > 0) {
        void* p = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            throw Error(path + ": cannot memory-map: " + std::strerror(err));
        }
        data = static_cast<const std::byte*>(p);
    }
    ::close(fd);  // the mapping keeps the file alive
    return std::shared_ptr<const MappedFile>(new MappedFile(path, data, size));
}

MappedFile::MappedFile(std::string path, const std::byte* data, std::uint64_t size)
    : path_(std::move(path)), data_(data), size_(size)
{
}

MappedFile::~MappedFile()
{
    if (data_ != nullptr) {
        ::munmap(const_cast<std::byte*>(data_), size_);
    }
}

std::span<const std::byte> MappedFile::slice(std::uint64_t offset, std::uint64_t length,
                                             const std::string& what) const
{
    if (offset > size_ || length > size_ - offset) {
        throw Error(path_ + ": " + what + " lies outside the file (bytes " + std::to_string(offset) +
                    ".." + std::to_string(offset + length) + ", file size " + std::to_string(size_) +
                    "); the file is truncated or corrupt");
    }
    return {data_ + offset, static_cast<std::size_t>(length)};
}

}  // namespace spectro
