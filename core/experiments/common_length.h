#pragma once
// The swap intervention mixes samples position by position, so its samples must be of one
// length: these cut every sample to the shortest one (token ids, or stored taps with their
// resid and mlp_out). Shared by `spectroscope-cli sweep --swap` and the filter lab, so that both
// swap over the same tokens.
#include "engine/forward.h"

#include <vector>

namespace spectro {

// True when something was cut.
bool cutToCommonLength(std::vector<std::vector<int>>& samples);
bool cutToCommonLength(std::vector<SampleTaps>& taps);

} // namespace spectro
