#include "analysis/repeated_ngrams.h"

#include "util/error.h"

#include <set>
#include <string>

namespace spectro {

std::vector<bool> repeatedNgramTokens(const std::vector<int>& tokens, int n)
{
    if (n < 1) throw Error("repeated n-grams: n must be at least 1, got " + std::to_string(n));
    std::vector<bool> repeated(tokens.size(), false);
    std::set<std::vector<int>> seen;
    for (std::size_t start = 0; start + static_cast<std::size_t>(n) <= tokens.size(); ++start) {
        const auto first = tokens.begin() + static_cast<std::ptrdiff_t>(start);
        if (seen.emplace(first, first + n).second) continue; // the first occurrence
        for (std::size_t t = start; t < start + static_cast<std::size_t>(n); ++t) repeated[t] = true;
    }
    return repeated;
}

} // namespace spectro
