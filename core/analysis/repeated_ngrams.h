#pragma once
// Which tokens of a generated text belong to a repeated n-gram: the tokens of every n-gram that
// equals an earlier one (overlaps count, so "a a a a" repeats the trigram "a a a" at its second
// start). These are the n-grams that rep-n (analysis/repetition.h) counts, so the filter lab's
// highlighted tokens and the score beside them say the same thing.
#include <vector>

namespace spectro {

// [tokens.size()] flags. Throws Error unless n >= 1.
std::vector<bool> repeatedNgramTokens(const std::vector<int>& tokens, int n);

} // namespace spectro
