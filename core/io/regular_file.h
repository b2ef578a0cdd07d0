#pragma once
// Files that come from outside are opened only when they are regular files. A FIFO named
// config.json or tokenizer.model would block open(2) (and then read) forever, a device could
// be read without end, so the check happens on the open descriptor itself: open(2) with
// O_NONBLOCK (which returns at once for a FIFO), then fstat(2), so that nothing can swap the
// file between the check and the read.
#include <cstdint>
#include <string>

namespace spectro {

// An open read-only descriptor of a regular file, closed by the destructor.
class RegularFile {
public:
    // Throws Error naming the path when it cannot be opened or is not a regular file
    // ("config.json: is a FIFO, not a regular file").
    explicit RegularFile(const std::string& path);
    ~RegularFile();
    RegularFile(const RegularFile&) = delete;
    RegularFile& operator=(const RegularFile&) = delete;

    int descriptor() const { return fd_; }
    std::uint64_t size() const { return size_; }
    const std::string& path() const { return path_; }

    // The whole file, which must hold at most `maxBytes` (a config.json of gigabytes is not a
    // config). `what` names the file's role in the error ("config.json", "tokenizer").
    std::string readAll(std::uint64_t maxBytes, const std::string& what) const;

private:
    std::string path_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
};

// RegularFile(path).readAll(maxBytes, what).
std::string readSmallFile(const std::string& path, std::uint64_t maxBytes, const std::string& what);

} // namespace spectro
