#include "store/cache_files.h"

#include "util/error.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace spectro {
namespace {

namespace fs = std::filesystem;

// The PID in "NAME.tmp-PID" or "NAME.tmp-PID-N" (NAME = target's file name), or -1.
long temporaryOwner(const std::string& fileName, const std::string& targetName)
{
    const std::string prefix = targetName + ".tmp-";
    if (!fileName.starts_with(prefix)) return -1;
    const std::string rest = fileName.substr(prefix.size());
    const auto dash = rest.find('-');
    const std::string pid = rest.substr(0, dash);
    const std::string counter = dash == std::string::npos ? "0" : rest.substr(dash + 1);
    const auto digits = [](const std::string& s) {
        return !s.empty() && s.size() < 12 && s.find_first_not_of("0123456789") == std::string::npos;
    };
    return digits(pid) && digits(counter) ? std::stol(pid) : -1;
}

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd()
    {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

void copyAll(int in, int out, off_t size, const std::string& from, const std::string& to)
{
    off_t left = size;
    bool kernelCopy = true;
    std::vector<char> buffer;
    while (left > 0) {
        ssize_t n = -1;
        if (kernelCopy) {
            n = ::copy_file_range(in, nullptr, out, nullptr, static_cast<std::size_t>(left), 0);
            if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL)) {
                kernelCopy = false; // e.g. across file systems on older kernels: plain copy
                continue;
            }
        } else {
            buffer.resize(8u << 20);
            n = ::read(in, buffer.data(), buffer.size());
            if (n > 0 && ::write(out, buffer.data(), static_cast<std::size_t>(n)) != n) n = -1;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const std::string why = n == 0 ? "file shrank while copying" : std::strerror(errno);
            throw Error(from + ": cannot copy to " + to + ": " + why);
        }
        left -= n;
    }
}

} // namespace

std::string cacheTemporaryPath(const std::string& target)
{
    static std::atomic<int> counter{0};
    return target + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

bool isCacheTemporary(const std::string& path)
{
    const std::string name = fs::path(path).filename().string();
    const auto at = name.rfind(".tmp-");
    return at != std::string::npos && temporaryOwner(name, name.substr(0, at)) > 0;
}

int removeStaleTemporaries(const std::string& target)
{
    const fs::path t = fs::absolute(target);
    std::error_code ec;
    int removed = 0;
    for (const auto& entry : fs::directory_iterator(t.parent_path(), ec)) {
        const long pid = temporaryOwner(entry.path().filename().string(), t.filename().string());
        if (pid <= 0) continue;
        // kill(pid, 0) fails with ESRCH only when no such process exists.
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
        std::error_code ignored;
        if (fs::remove(entry.path(), ignored)) ++removed;
    }
    return removed;
}

void copyFileBytes(const std::string& from, const std::string& to)
{
    Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.get() < 0) throw Error(from + ": cannot open for copying: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(in.get(), &st) != 0) throw Error(from + ": cannot stat: " + std::strerror(errno));
    Fd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (out.get() < 0) throw Error(to + ": cannot create: " + std::strerror(errno));
    ::fchmod(out.get(), st.st_mode & 07777); // the copy replaces the original: keep its mode
    try {
        copyAll(in.get(), out.get(), st.st_size, from, to);
    } catch (...) {
        ::unlink(to.c_str()); // never leave half a copy behind
        throw;
    }
}

void syncFile(const std::string& path)
{
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0 || ::fsync(fd.get()) != 0) throw Error(path + ": cannot flush to disk: " + std::strerror(errno));
}

void syncFolderOf(const std::string& path)
{
    const std::string folder = fs::absolute(path).parent_path().string();
    Fd fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() >= 0) ::fsync(fd.get()); // best effort: some file systems refuse folder fsync
}

void publishFile(const std::string& temporary, const std::string& target)
{
    syncFile(temporary);
    if (std::rename(temporary.c_str(), target.c_str()) != 0) {
        throw Error(target + ": cannot move the finished cache into place: " + std::strerror(errno));
    }
    syncFolderOf(target);
}

} // namespace spectro
