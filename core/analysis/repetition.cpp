#include "analysis/repetition.h"

#include <set>

#include "util/error.h"

namespace spectro {

Repetition repetition(const std::vector<int>& prompt, const std::vector<int>& continuation, int n)
{
    if (n < 1) throw Error("repetition: the n-gram length must be at least 1, got " + std::to_string(n));
    Repetition r;
    r.n = n;
    r.repeated.assign(continuation.size(), false);
    std::vector<int> all(prompt);
    all.insert(all.end(), continuation.begin(), continuation.end());
    const auto first = static_cast<std::ptrdiff_t>(prompt.size()); // index of the continuation's first token
    std::set<std::vector<int>> seen;
    for (std::ptrdiff_t start = 0; start + n <= static_cast<std::ptrdiff_t>(all.size()); ++start) {
        std::vector<int> gram(all.begin() + start, all.begin() + start + n);
        const bool before = seen.count(gram) > 0;
        if (!before) seen.insert(std::move(gram));
        if (start + n - 1 < first) continue; // ends in the prompt
        ++r.ngrams;
        if (!before) continue;
        ++r.repeats;
        for (std::ptrdiff_t t = std::max(start, first); t < start + n; ++t) r.repeated[static_cast<std::size_t>(t - first)] = true;
    }
    return r;
}

} // namespace spectro
