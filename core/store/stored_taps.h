#pragma once
// The unfiltered taps that re-filtering restarts from, read back from a cache: tokens, resid and,
// when stored, mlp_out of each sample. Used by `sweep --cache` and the re-filter benchmark.
#include <string>
#include <vector>

#include "engine/forward.h"

namespace spectro {

struct Checkpoint;

// At most `maxSamples` samples of the cache at `path`, in index order. Throws Error naming the
// file when the cache was made with other weights than `checkpoint`, a sample lacks resid, or
// no sample is complete.
std::vector<SampleTaps> readStoredTaps(const std::string& path, const Checkpoint& checkpoint, int maxSamples);

}  // namespace spectro
