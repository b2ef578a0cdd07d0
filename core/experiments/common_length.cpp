#include "experiments/common_length.h"

#include <algorithm>

namespace spectro {
namespace {

template <class T, class Size> std::size_t shortestOf(const std::vector<T>& items, Size size)
{
    std::size_t shortest = items.empty() ? 0 : size(items.front());
    for (const auto& s : items) shortest = std::min(shortest, size(s));
    return shortest;
}

// The first `tokens` positions of every slot of a [slots, T, d] array.
void cutSlots(Array& a, std::int64_t tokens)
{
    if (a.empty()) return;
    const std::int64_t slots = a.shape.at(0), T = a.shape.at(1), d = a.shape.at(2);
    if (T == tokens) return;
    Array out = Array::uninitialized({slots, tokens, d});
    for (std::int64_t l = 0; l < slots; ++l) std::copy_n(a.slice(l), tokens * d, out.slice(l));
    a = std::move(out);
}

} // namespace

bool cutToCommonLength(std::vector<std::vector<int>>& samples)
{
    const std::size_t shortest = shortestOf(samples, [](const std::vector<int>& s) { return s.size(); });
    bool cut = false;
    for (auto& s : samples) {
        cut = cut || s.size() > shortest;
        s.resize(shortest);
    }
    return cut;
}

bool cutToCommonLength(std::vector<SampleTaps>& taps)
{
    const std::size_t shortest = shortestOf(taps, [](const SampleTaps& t) { return t.tokens.size(); });
    bool cut = false;
    for (auto& t : taps) {
        if (t.tokens.size() == shortest) continue;
        cut = true;
        const auto S = static_cast<std::int64_t>(shortest);
        cutSlots(t.resid, S);
        cutSlots(t.residMid, S);
        cutSlots(t.attnOut, S);
        cutSlots(t.mlpOut, S);
        t.tokens.resize(shortest);
        t.nll = Array();
        t.logits = Array();
        t.attention = Array();
    }
    return cut;
}

} // namespace spectro
