#pragma once
// JSON-lines reading shared by the sample reader (`run --jsonl`) and the trainer's corpus reader:
// one JSON object per line, blank lines skipped, and a bad line named as "path:line: ...".
#include <functional>
#include <istream>
#include <nlohmann/json.hpp>
#include <string>

namespace spectro {

// Calls `object` for every non-blank line with the parsed object and its 1-based line number,
// until it returns false. Throws Error "path:line: invalid JSON: ..." or "path:line: expected a
// JSON object per line".
void forEachJsonObject(std::istream& in, const std::string& path,
                       const std::function<bool(const nlohmann::json& object, int line)>& object);

}  // namespace spectro
