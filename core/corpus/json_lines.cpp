#include "corpus/json_lines.h"

#include "io/safe_json.h"
#include "util/error.h"

namespace spectro {

void forEachJsonObject(std::istream& in, const std::string& path,
                       const std::function<bool(const nlohmann::json& object, int line)>& object)
{
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        // Depth-limited and duplicate-free, as every JSON from a file (io/safe_json.h).
        const nlohmann::json j = parseJson(line, path + ":" + std::to_string(lineNo));
        if (!j.is_object()) throw Error(path + ":" + std::to_string(lineNo) + ": expected a JSON object per line");
        if (!object(j, lineNo)) return;
    }
}

}  // namespace spectro
