#include "analysis/repetition.h"

#include <set>
#include <string>

#include "util/error.h"

namespace spectro {

double repetitionRate(const std::vector<int>& tokens, int n)
{
    if (n < 1) throw Error("repetition: n must be at least 1, got " + std::to_string(n));
    if (static_cast<int>(tokens.size()) < n) return 0.0;
    std::set<std::vector<int>> distinct;
    const std::size_t grams = tokens.size() - static_cast<std::size_t>(n) + 1;
    for (std::size_t i = 0; i < grams; ++i) distinct.emplace(tokens.begin() + static_cast<std::ptrdiff_t>(i), tokens.begin() + static_cast<std::ptrdiff_t>(i) + n);
    return 1.0 - static_cast<double>(distinct.size()) / static_cast<double>(grams);
}

}  // namespace spectro
