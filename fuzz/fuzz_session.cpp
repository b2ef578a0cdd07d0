// The workbench's .spectro session file (core/workbench/session.cpp): the whole of loadSession on
// a real file (its size and regular-file checks, the depth pre-scan, nlohmann, the field readers,
// the path resolution), then the round trip: what it accepted must save and load back to the same
// session, so an accepted file is never read one way now and another way after a save.
#include "fuzz_support.h"
#include "workbench/session.h"

#include <filesystem>
#include <fstream>
#include <optional>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace spectro;
using namespace spectro::workbench;

// One folder per fuzzing process (libFuzzer may run several with -jobs), removed at exit.
const fs::path& folder()
{
    static const fs::path dir = [] {
        // Every input is written, and saved atomically (with fsync): on a RAM file system that
        // costs nothing, on a disk it would bound the target to a few hundred executions a second.
        const char* tmp = std::getenv("TMPDIR");
        std::error_code ec;
        const fs::path base = tmp && *tmp ? fs::path(tmp) : fs::is_directory("/dev/shm", ec) ? "/dev/shm" : "/tmp";
        fs::path d = base / ("spectro-fuzz-session-" + std::to_string(::getpid()));
        fs::create_directories(d);
        std::atexit([] {
            std::error_code ec;
            fs::remove_all(folder(), ec);
        });
        return d;
    }();
    return dir;
}

void writeBytes(const fs::path& path, const std::uint8_t* data, std::size_t size)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) std::abort(); // the harness itself failed: not a finding of the reader
}

void same(bool equal, const char* what)
{
    if (!equal) {
        std::fprintf(stderr, "session round trip broke: %s\n", what);
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const fs::path input = folder() / "input.spectro";
    writeBytes(input, data, size);
    std::optional<SessionFile> first;
    fuzz::refusedOrAccepted(input.string(), [&] { first = loadSession(input.string()); });
    if (!first) return 0;
    for (const std::string& name : first->missing)
        same(name == "model" || name == "cache" || name == "corpus", "missing");
    // Saving what was accepted must work and read back; an Error here escapes and aborts.
    const fs::path resaved = folder() / "resaved.spectro";
    saveSession(first->session, resaved.string());
    const Session again = loadSession(resaved.string()).session;
    // Paths are re-anchored on save (made absolute, and relative to the new file), so only their
    // presence is compared; everything else must come back exactly.
    const Session& s = first->session;
    same(again.modelPath.empty() == s.modelPath.empty(), "the model path");
    same(again.cachePath.empty() == s.cachePath.empty(), "the cache path");
    same(again.corpus.path.empty() == s.corpus.path.empty(), "the corpus path");
    same(again.corpus.jsonlField == s.corpus.jsonlField, "corpus.jsonl_field");
    same(again.corpus.samples == s.corpus.samples, "corpus.samples");
    same(again.corpus.maxTokens == s.corpus.maxTokens, "corpus.max_tokens");
    same(again.selection == s.selection, "the selection");
    same(again.windowLayout == s.windowLayout, "window_layout");
    same(again.openViews == s.openViews, "open_views");
    same(again.viewSettings == s.viewSettings, "view_settings");
    return 0;
}
