#pragma once
// A read-only memory map of a whole file. Checkpoints are mapped rather than read so that a
// LLaMa-2-7B in bf16 (13.5 GB) fits a 24 GB machine: pages are loaded on demand and can be
// dropped by the kernel, and no float32 copy of all weights is ever made.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace spectro {

class MappedFile {
public:
    // Throws spectro::Error naming the path when the file cannot be opened or mapped, or is not
    // a regular file (a FIFO or a device would block or never end: io/regular_file.h).
    static std::shared_ptr<const MappedFile> open(const std::string& path);
    // The same interface over bytes in memory, for the fuzz targets and hand-built test files;
    // `path` names them in errors.
    static std::shared_ptr<const MappedFile> fromBytes(std::string path, std::string bytes);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::string& path() const { return path_; }
    std::uint64_t size() const { return size_; }
    const std::byte* data() const { return data_; }

    // The bytes [offset, offset + length), or an Error naming `what` and the file when the range
    // does not lie inside the file (truncated files, corrupt offsets).
    std::span<const std::byte> slice(std::uint64_t offset, std::uint64_t length,
                                     const std::string& what) const;

private:
    MappedFile(std::string path, const std::byte* data, std::uint64_t size);
    std::string path_;
    bool mapped_ = false;  // open(): data_ is a mapping to undo
    std::string owned_;    // fromBytes(): the bytes themselves
    const std::byte* data_ = nullptr;
    std::uint64_t size_ = 0;
};

}  // namespace spectro
