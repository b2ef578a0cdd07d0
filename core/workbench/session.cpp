#include "workbench/session.h"

#include "io/atomic_file.h"
#include "io/quoted.h"
#include "io/regular_file.h"
#include "io/safe_json.h"
#include "util/error.h"

#include <filesystem>
#include <nlohmann/json.hpp>

namespace spectro::workbench {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr const char* kFormat = "spectroscope-session";
// A session is a few kilobytes (the window layout is the largest part); anything far larger is
// not a session, and reading it whole would only waste memory.
constexpr std::uintmax_t kMaxBytes = 16u << 20;
// nlohmann's parser keeps one frame per open bracket; a file nested deeper than any session
// (kMaxJsonDepth, io/safe_json.h) is refused before it is parsed.
constexpr int kMaxDepth = kMaxJsonDepth;

[[noreturn]] void fail(const std::string& file, const std::string& what)
{
    throw Error(file + ": " + what);
}

std::string readText(const std::string& path)
{
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(path, ec))) fail(path, "session file not found");
    // A FIFO or device would block or never end: only regular files are read, checked on the open
    // descriptor (io/regular_file.h), so nothing can be swapped in between the check and the read.
    const RegularFile file(path);
    if (file.size() > kMaxBytes)
        fail(path, "is " + std::to_string(file.size()) + " bytes; a session file is at most 16 MiB");
    return file.readAll(kMaxBytes, "session file");
}

// Field access that names the field in its errors ("session.spectro: field 'selection.layer'
// must be an integer").
class Reader {
public:
    Reader(const std::string& file, const Json& object, std::string prefix)
        : file_(file), object_(object), prefix_(std::move(prefix))
    {
        if (!object_.is_object()) {
            fail(file_,
                 prefix_.empty() ? "the top level must be a JSON object" : "field '" + prefix_ + "' must be an object");
        }
    }

    bool has(const char* key) const { return object_.contains(key) && !object_.at(key).is_null(); }

    std::string text(const char* key, const std::string& fallback = {}) const
    {
        if (!has(key)) return fallback;
        const Json& v = object_.at(key);
        if (!v.is_string()) fail(file_, where(key) + "must be a string");
        return v.get<std::string>();
    }

    int integer(const char* key, int fallback, int lo, int hi) const
    {
        if (!has(key)) return fallback;
        const Json& v = object_.at(key);
        if (!v.is_number_integer()) fail(file_, where(key) + "must be an integer");
        // An unsigned value above 2^63 would wrap into a negative long long: it is out of range, and
        // the message shows it as written.
        const bool tooLarge = v.is_number_unsigned() && v.get<unsigned long long>() > static_cast<unsigned long long>(hi);
        const auto value = tooLarge ? 0LL : v.get<long long>();
        if (tooLarge || value < lo || value > hi) {
            fail(file_, where(key) + "is " + v.dump() + "; expected " + std::to_string(lo) + " to " + std::to_string(hi));
        }
        return static_cast<int>(value);
    }

    bool boolean(const char* key, bool fallback) const
    {
        if (!has(key)) return fallback;
        const Json& v = object_.at(key);
        if (!v.is_boolean()) fail(file_, where(key) + "must be true or false");
        return v.get<bool>();
    }

    Reader child(const char* key) const { return Reader(file_, has(key) ? object_.at(key) : empty(), name(key)); }
    const Json& at(const char* key) const { return object_.at(key); }
    std::string where(const std::string& key) const { return "field '" + name(key) + "' "; }
    const std::string& file() const { return file_; }

private:
    static const Json& empty()
    {
        static const Json object = Json::object();
        return object;
    }
    std::string name(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "." + key; }

    const std::string& file_;
    const Json& object_;
    std::string prefix_;
};

// A path as stored: absolute, and relative to the session's folder when it lies inside it.
Json storedPath(const std::string& path, const fs::path& sessionFolder)
{
    if (path.empty()) return nullptr;
    const fs::path absolute = fs::absolute(path).lexically_normal();
    Json out = {{"path", absolute.string()}};
    const fs::path relative = absolute.lexically_relative(sessionFolder);
    const bool inside = !relative.empty() && *relative.begin() != "..";
    if (inside) out["relative"] = relative.generic_string();
    return out;
}

// The path a stored entry names now: its relative form when that exists (the folder moved with
// the session, or the session was copied with its cache), else its absolute form. `found` says
// whether either exists.
std::string resolvedPath(const Reader& entry, const fs::path& sessionFolder, bool& found)
{
    const std::string absolute = entry.text("path");
    const std::string relative = entry.text("relative");
    std::error_code ec;
    if (!relative.empty()) {
        const fs::path candidate = (sessionFolder / relative).lexically_normal();
        if (fs::exists(candidate, ec)) {
            found = true;
            return candidate.string();
        }
    }
    found = !absolute.empty() && fs::exists(absolute, ec);
    return absolute;
}

Selection readSelection(const Reader& r)
{
    Selection s;
    constexpr int big = 1 << 30;
    s.sample = r.integer("sample", s.sample, 0, big);
    s.token = r.integer("token", s.token, -1, big);
    s.layer = r.integer("layer", s.layer, 0, big);
    s.head = r.integer("head", s.head, -1, big);
    s.band = r.integer("band", s.band, -1, big);
    s.matrix = r.text("matrix", s.matrix);
    if (s.matrix != "unembed" && s.matrix != "embed")
        fail(r.file(), r.where("matrix") + "must be \"unembed\" or \"embed\"");
    s.locked = r.boolean("locked", s.locked);
    return s;
}

Json selectionJson(const Selection& s)
{
    return {{"sample", s.sample}, {"token", s.token},   {"layer", s.layer},  {"head", s.head},
            {"band", s.band},     {"matrix", s.matrix}, {"locked", s.locked}};
}

} // namespace

SessionFile loadSession(const std::string& path)
{
    const std::string text = readText(path);
    if (jsonTooDeepAt(text) != std::string_view::npos)
        fail(path, "JSON nested deeper than " + std::to_string(kMaxDepth) + " levels: not a session");
    Json root;
    try {
        root = Json::parse(text);
    } catch (const Json::exception& e) {
        fail(path, std::string("not valid JSON (") + e.what() + ")");
    }
    // Then the careful reader, which refuses duplicate keys (nlohmann keeps the last one, so a
    // hand-edited file could hold two layouts and show one of them).
    (void)parseJson(text, path, "session JSON");
    const Reader r(path, root, "");
    if (r.text("format") != kFormat)
        fail(path, "not a Spectroscope session (field 'format' is not \"" + std::string(kFormat) + "\")");
    const int version = r.integer("format_version", 0, 0, 1 << 30);
    if (version < 1 || version > kSessionFormatVersion) {
        fail(path, "session format version " + std::to_string(version) + " is not supported (this build reads 1 to " +
                       std::to_string(kSessionFormatVersion) + ")");
    }
    const fs::path folder = fs::absolute(path).parent_path();
    SessionFile out;
    Session& s = out.session;
    const auto pathOf = [&](const char* key, const char* missingName) {
        if (!r.has(key)) return std::string();
        bool found = false;
        std::string resolved = resolvedPath(r.child(key), folder, found);
        if (!resolved.empty() && !found) out.missing.push_back(missingName);
        return resolved;
    };
    s.modelPath = pathOf("model", "model");
    s.cachePath = pathOf("cache", "cache");
    s.corpus.path = pathOf("corpus", "corpus");
    const Reader corpus = r.child("corpus");
    s.corpus.jsonlField = corpus.text("jsonl_field");
    s.corpus.samples = corpus.integer("samples", s.corpus.samples, 1, 1 << 30);
    s.corpus.maxTokens = corpus.integer("max_tokens", s.corpus.maxTokens, 2, 1 << 30);
    s.selection = readSelection(r.child("selection"));
    s.windowLayout = r.text("window_layout");
    if (r.has("open_views")) {
        const Json& views = r.at("open_views");
        if (!views.is_array()) fail(path, r.where("open_views") + "must be a list of view names");
        for (const Json& v : views) {
            if (!v.is_string()) fail(path, r.where("open_views") + "must be a list of view names");
            s.openViews.push_back(v.get<std::string>());
        }
    }
    if (r.has("view_settings")) {
        const Json& settings = r.at("view_settings");
        if (!settings.is_object()) fail(path, r.where("view_settings") + "must be an object");
        for (const auto& [view, value] : settings.items()) {
            // The view name comes from the file: escaped, so that the message stays one line.
            if (!value.is_object()) fail(path, "field 'view_settings." + escapedName(view) + "' must be an object");
            s.viewSettings[view] = value.dump();
        }
    }
    return out;
}

void saveSession(const Session& session, const std::string& path)
{
    const fs::path folder = fs::absolute(path).parent_path();
    Json root = {{"format", kFormat}, {"format_version", kSessionFormatVersion}, {"app_version", SPECTRO_VERSION}};
    root["model"] = storedPath(session.modelPath, folder);
    root["cache"] = storedPath(session.cachePath, folder);
    Json corpus = session.corpus.path.empty() ? Json::object() : storedPath(session.corpus.path, folder);
    corpus["jsonl_field"] = session.corpus.jsonlField;
    corpus["samples"] = session.corpus.samples;
    corpus["max_tokens"] = session.corpus.maxTokens;
    root["corpus"] = corpus;
    root["selection"] = selectionJson(session.selection);
    root["window_layout"] = session.windowLayout;
    root["open_views"] = session.openViews;
    Json settings = Json::object();
    for (const auto& [view, text] : session.viewSettings) {
        Json value;
        try {
            value = Json::parse(text.empty() ? "{}" : text);
        } catch (const Json::exception&) {
            value = nullptr;
        }
        if (!value.is_object())
            throw Error(path + ": the settings of view '" + view + "' are not a JSON object: " + text);
        settings[view] = std::move(value);
    }
    root["view_settings"] = settings;
    writeFileAtomically(path, root.dump(2) + "\n");
}

} // namespace spectro::workbench
