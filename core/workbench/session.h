#pragma once
// A workbench session: what a `.spectro` file holds (docs/session-format.md). Small JSON, written
// atomically; it names the model (optional once a cache exists), the cache, the corpus the cache
// was run from, the one selection, the window layout and each view's settings, so opening it
// restores the workspace. Paths are stored absolute and, where the file lies beside them,
// relative to the session file too, so a moved folder still opens; a path that is gone is
// reported (SessionFile::missing) for the GUI to ask for, never a failure of the whole load.
#include "workbench/selection.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace spectro::workbench {

// The version of the .spectro format this build writes; it reads 1 to this.
constexpr int kSessionFormatVersion = 1;

struct CorpusChoice {
    std::string path;          // text or JSONL file, empty when none
    std::string jsonlField;    // empty: plain text
    int samples = 8;
    int maxTokens = 128;
};

struct Session {
    std::string modelPath;     // empty: cache only
    std::string cachePath;     // empty: nothing run yet
    CorpusChoice corpus;
    Selection selection;
    std::string windowLayout;  // QMainWindow::saveState, base64 (opaque to core)
    std::vector<std::string> openViews;              // view ids in the order they were opened
    std::map<std::string, std::string> viewSettings; // view id -> its settings as a JSON object text
};

struct SessionFile {
    Session session;
    std::vector<std::string> missing; // "model", "cache", "corpus" whose path no longer exists
};

// Throws Error naming the file and field for a file that is not a session (bad JSON, depth > 64,
// wrong types, unknown format version).
SessionFile loadSession(const std::string& path);
// Writes through a temporary file and rename (io/atomic_file.h).
void saveSession(const Session& session, const std::string& path);

}  // namespace spectro::workbench
