#include "tokenizer/sentencepiece_process.h"

#include "tokenizer/spm_helper/spm_protocol.h"
#include "util/error.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SPECTRO_SPM_HELPER_BUILD_PATH
#define SPECTRO_SPM_HELPER_BUILD_PATH ""
#endif

extern char** environ;

namespace spectro {
namespace {

// Loading the 32000-piece LLaMa tokenizer takes 50 ms; a helper silent for this long is stuck.
constexpr int kLoadTimeoutMs = 60'000;

std::vector<std::string> candidates()
{
    std::vector<std::string> paths;
    if (const char* env = std::getenv("SPECTRO_SPM_HELPER")) paths.emplace_back(env);
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        paths.push_back((exe.parent_path() / "../lib/spectroscope/spectroscope-spm").string());
        paths.push_back((exe.parent_path() / "spectroscope-spm").string());
    }
    paths.emplace_back(SPECTRO_SPM_HELPER_BUILD_PATH);
    return paths;
}

std::string signalName(int sig)
{
    const char* name = ::sigabbrev_np(sig);
    return name ? std::string("SIG") + name : "signal " + std::to_string(sig);
}

} // namespace

std::string sentencePieceHelperPath()
{
    for (const auto& path : candidates()) {
        std::error_code ec;
        if (!path.empty() && std::filesystem::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0)
            return path;
    }
    return {};
}

SentencePieceProcess::SentencePieceProcess(std::string source) : source_(std::move(source))
{
    const std::string helper = sentencePieceHelperPath();
    if (helper.empty()) {
        std::string tried;
        for (const auto& p : candidates())
            tried += (tried.empty() ? "" : ", ") + (p.empty() ? "(build path unset)" : p);
        throw Error(source_ + ": the SentencePiece helper spectroscope-spm was not found (looked in: " + tried + ")");
    }
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        throw Error(source_ + ": cannot start the SentencePiece helper: " + std::strerror(errno));
    }
    // The child's end becomes its stdin and stdout. dup2 onto itself would keep FD_CLOEXEC, so
    // an end that happens to be 0..2 (a closed stdin) is moved out of the way first.
    int childEnd = sv[1];
    if (childEnd <= 2) {
        childEnd = ::fcntl(sv[1], F_DUPFD_CLOEXEC, 3);
        ::close(sv[1]);
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, childEnd, 0);
    posix_spawn_file_actions_adddup2(&actions, childEnd, 1);
    char* argv[] = {const_cast<char*>(helper.c_str()), nullptr};
    const int rc = ::posix_spawn(&pid_, helper.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(childEnd);
    if (rc != 0) {
        ::close(sv[0]);
        throw Error(source_ + ": cannot start the SentencePiece helper " + helper + ": " + std::strerror(rc));
    }
    socket_ = sv[0];
}

SentencePieceProcess::~SentencePieceProcess()
{
    if (socket_ >= 0) ::close(socket_); // the helper sees end-of-file and exits
    if (pid_ > 0) {
        // It has nothing to save; do not wait for a helper that might be stuck.
        ::kill(pid_, SIGKILL);
        while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
        }
    }
}

void SentencePieceProcess::died(const std::string& during)
{
    std::string why = "stopped";
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL); // a timeout: make sure it is gone
        int status = 0;
        pid_t r;
        while ((r = ::waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
        }
        if (r == pid_ && WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)
            why = "crashed (" + signalName(WTERMSIG(status)) + ")";
        else if (r == pid_ && WIFEXITED(status))
            why = "exited with status " + std::to_string(WEXITSTATUS(status));
        pid_ = -1;
    }
    if (socket_ >= 0) ::close(socket_);
    socket_ = -1;
    throw Error(source_ + ": libsentencepiece " + why + " while " + during +
                "; the model is unusable (the app itself is unaffected)");
}

std::string SentencePieceProcess::call(unsigned op, std::string_view payload, int timeoutMs)
{
    const char* during = op == spm::kLoad ? "loading it" : op == spm::kEncode ? "encoding text" : "training";
    if (socket_ < 0) throw Error(source_ + ": the SentencePiece helper stopped earlier; reopen the tokenizer");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    const auto send = [&](const void* data, std::size_t size) {
        const auto* p = static_cast<const char*>(data);
        while (size > 0) {
            // MSG_NOSIGNAL: a dead helper must give an error here, not SIGPIPE for the whole app.
            const ssize_t n = ::send(socket_, p, size, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) died(during);
            p += n;
            size -= static_cast<std::size_t>(n);
        }
    };
    const auto receive = [&](void* data, std::size_t size) {
        auto* p = static_cast<char*>(data);
        while (size > 0) {
            if (timeoutMs > 0) {
                const auto left =
                    std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
                pollfd pfd{socket_, POLLIN, 0};
                const int ready = left.count() > 0 ? ::poll(&pfd, 1, static_cast<int>(left.count())) : 0;
                if (ready < 0 && errno == EINTR) continue;
                if (ready == 0)
                    died(std::string(during) + " (no answer after " + std::to_string(timeoutMs / 1000) + " s)");
            }
            const ssize_t n = ::recv(socket_, p, size, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) died(during);
            p += n;
            size -= static_cast<std::size_t>(n);
        }
    };
    const spm::Header request{op, 0, payload.size()};
    send(&request, sizeof request);
    send(payload.data(), payload.size());
    spm::Header response;
    receive(&response, sizeof response);
    if (response.length > spm::kMaxMessageBytes) died(during);
    std::string out(static_cast<std::size_t>(response.length), '\0');
    receive(out.data(), out.size());
    if (response.word != 0) {
        for (auto& c : out)
            if (c == '\n' || c == '\r') c = ' ';
        throw Error(source_ + ": " + out);
    }
    return out;
}

SentencePieceProcess::Model SentencePieceProcess::load(std::string_view model)
{
    std::lock_guard lock(mutex_);
    const std::string reply = call(spm::kLoad, model, kLoadTimeoutMs);
    Model m;
    std::size_t at = 0;
    const auto take = [&](void* out, std::size_t n) {
        if (n > reply.size() - at) throw Error(source_ + ": the SentencePiece helper sent a short reply");
        std::memcpy(out, reply.data() + at, n);
        at += n;
    };
    std::int32_t header[4];
    take(header, sizeof header);
    m.size = header[0], m.bos = header[1], m.eos = header[2], m.unk = header[3];
    if (m.size < 0 || static_cast<std::uint64_t>(m.size) > reply.size() / 4) {
        throw Error(source_ + ": the SentencePiece helper sent a short reply");
    }
    m.pieces.reserve(static_cast<std::size_t>(m.size));
    for (int i = 0; i < m.size; ++i) {
        std::uint32_t length;
        take(&length, 4);
        std::string piece(length, '\0');
        take(piece.data(), length);
        m.pieces.push_back(std::move(piece));
    }
    return m;
}

std::vector<int> SentencePieceProcess::encode(std::string_view text)
{
    std::lock_guard lock(mutex_);
    // About 1 s per MB on this machine; allow ten times that, and the load's minimum.
    const int timeout = kLoadTimeoutMs + static_cast<int>(std::min<std::size_t>(text.size() / 100, 1u << 30));
    const std::string reply = call(spm::kEncode, text, timeout);
    std::vector<int> ids(reply.size() / 4);
    std::memcpy(ids.data(), reply.data(), ids.size() * 4);
    return ids;
}

void SentencePieceProcess::train(const std::string& arguments)
{
    std::lock_guard lock(mutex_);
    call(spm::kTrain, arguments, 0); // training takes as long as the corpus needs
}

} // namespace spectro
