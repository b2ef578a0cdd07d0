#pragma once
// How much a continuation repeats itself or its prompt: the paper reports that Phi and Psi
// filters that remove the dark band make LLaMa-2 loop ("over-copying") while Omega keeps the
// text fluent. A token of the continuation is marked when it lies in an n-gram that already
// occurred earlier in prompt + continuation (an occurrence that starts before it; overlaps
// count, so "a a a a" repeats the trigram "a a a"); the score is the share of the
// continuation's n-grams that are such repeats (0 = no n-gram repeated, 1 = every one).
#include <vector>

namespace spectro {

struct Repetition {
    int n = 0;
    std::vector<bool> repeated; // [continuation.size()]: in a repeated n-gram
    int ngrams = 0;             // n-grams that end in the continuation
    int repeats = 0;            // of which occurred earlier
    double score() const { return ngrams > 0 ? static_cast<double>(repeats) / ngrams : 0.0; }
};

// Throws Error unless n >= 1.
Repetition repetition(const std::vector<int>& prompt, const std::vector<int>& continuation, int n = 3);

} // namespace spectro
