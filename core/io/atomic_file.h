#pragma once
// Writes a file so that user data is never lost: bytes go to a temporary file in the same folder,
// which replaces the target by rename() only once complete. A crash or an exception leaves the
// old file (if any) untouched, and the destructor removes the unfinished temporary.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

namespace spectro {

class AtomicFile {
public:
    explicit AtomicFile(std::string targetPath);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, std::size_t size);
    void write(const std::string& text) { write(text.data(), text.size()); }
    std::uint64_t bytesWritten() const { return written_; }
    // Flushes, syncs and renames onto the target. Throws Error naming the target on failure.
    void commit();

    const std::string& temporaryPath() const { return tempPath_; }

private:
    std::string target_;
    std::string tempPath_;
    std::FILE* file_ = nullptr;
    std::uint64_t written_ = 0;
    bool committed_ = false;
};

// Writes `text` to `path` through an AtomicFile.
void writeFileAtomically(const std::string& path, const std::string& text);

}  // namespace spectro
