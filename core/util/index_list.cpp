#include "util/index_list.h"

#include <algorithm>
#include <set>

#include "util/error.h"

namespace spectro {
namespace {

int parseNumber(const std::string& s, const std::string& what)
{
    std::size_t used = 0;
    int v = 0;
    try {
        v = std::stoi(s, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (s.empty() || used != s.size()) throw Error(what + ": '" + s + "' is not a number");
    return v;
}

}  // namespace

std::vector<int> parseIndexList(const std::string& text, int lo, int hi, const std::string& what)
{
    std::set<int> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, comma - start);
        start = comma + 1;
        if (item.empty()) continue;
        const std::size_t dash = item.find('-', 1);
        const int a = parseNumber(dash == std::string::npos ? item : item.substr(0, dash), what);
        const int b = dash == std::string::npos ? a : parseNumber(item.substr(dash + 1), what);
        if (a < lo || b > hi || a > b) {
            throw Error(what + ": '" + item + "' is outside " + std::to_string(lo) + ".." + std::to_string(hi));
        }
        for (int v = a; v <= b; ++v) out.insert(v);
    }
    if (out.empty()) throw Error(what + ": the list is empty");
    return {out.begin(), out.end()};
}

}  // namespace spectro
