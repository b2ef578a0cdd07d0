#pragma once
// How much a generated text repeats itself: the share of its n-grams that repeat an earlier one,
//   rep-n = 1 - |distinct n-grams| / |n-grams|
// (seq-rep-n of Welleck et al. 2020, "Neural Text Generation with Unlikelihood Training", the
// usual measure of the looping that removing the dark band causes: the paper's "over-copying").
// 0 for a text of fewer than n tokens; 1 - 1/(T-n+1) for one token repeated T times.
#include <vector>

namespace spectro {

double repetitionRate(const std::vector<int>& tokens, int n = 4);

}  // namespace spectro
