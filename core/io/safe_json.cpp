#include "io/safe_json.h"

#include "io/quoted.h"
#include "io/regular_file.h"

#include <set>
#include <vector>

namespace spectro {

std::size_t jsonTooDeepAt(std::string_view text)
{
    int depth = 0;
    bool inString = false, escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) return i;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return std::string_view::npos;
}

nlohmann::json parseJson(std::string_view text, const std::string& source, const std::string& what)
{
    if (const auto at = jsonTooDeepAt(text); at != std::string_view::npos) {
        throw Error(source + ": invalid " + what + ": nested deeper than " + std::to_string(kMaxJsonDepth) +
                    " levels at byte " + std::to_string(at));
    }
    // One key set per open container (arrays get an unused one, so that the stack follows the
    // parser's depth); a key seen twice in one object is refused.
    std::vector<std::set<std::string>> keys;
    const auto callback = [&](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        switch (event) {
        case Event::object_start:
        case Event::array_start: keys.emplace_back(); break;
        case Event::object_end:
        case Event::array_end:
            if (!keys.empty()) keys.pop_back();
            break;
        case Event::key:
            if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second) {
                throw Error(source + ": invalid " + what + ": duplicate key " + quotedName(parsed.get<std::string>()) +
                            " in one object (which one counts would be ambiguous)");
            }
            break;
        case Event::value: break;
        }
        return true;
    };
    try {
        return nlohmann::json::parse(text.begin(), text.end(), callback);
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + ": invalid " + what + ": " + e.what());
    }
}

nlohmann::json readJsonFile(const std::string& path, std::uint64_t maxBytes)
{
    return parseJson(readSmallFile(path, maxBytes, "JSON file"), path);
}

} // namespace spectro
