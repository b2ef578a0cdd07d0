#include "io/mapped_file.h"

#include <cerrno>
#include <cstring>
#include <sys/mman.h>

#include "io/regular_file.h"
#include "util/error.h"

namespace spectro {

std::shared_ptr<const MappedFile> MappedFile::open(const std::string& path)
{
    const RegularFile file(path);
    const std::uint64_t size = file.size();
    const std::byte* data = nullptr;
    if (size > 0) {
        void* p = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, file.descriptor(), 0);
        if (p == MAP_FAILED) throw Error(path + ": cannot memory-map: " + std::strerror(errno));
        data = static_cast<const std::byte*>(p);
    }
    // The mapping keeps the file alive once the descriptor is closed.
    std::shared_ptr<MappedFile> mapped(new MappedFile(path, data, size));
    mapped->mapped_ = data != nullptr;
    return mapped;
}

std::shared_ptr<const MappedFile> MappedFile::fromBytes(std::string path, std::string bytes)
{
    std::shared_ptr<MappedFile> file(new MappedFile(std::move(path), nullptr, 0));
    file->owned_ = std::move(bytes);
    file->data_ = reinterpret_cast<const std::byte*>(file->owned_.data());
    file->size_ = file->owned_.size();
    return file;
}

MappedFile::MappedFile(std::string path, const std::byte* data, std::uint64_t size)
    : path_(std::move(path)), data_(data), size_(size)
{
}

MappedFile::~MappedFile()
{
    if (mapped_) {
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
