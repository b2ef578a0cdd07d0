#pragma once
// Whether an existing cache can be extended by a run, and which samples the run must still
// compute. A cache is extended only when it was made from the same weights (fingerprint), the
// same tokenizer and the same options; every sample it already holds must have exactly the
// tokens the run would give it (the input file may have been edited since).
#include "store/cache_reader.h"
#include "store/cache_writer.h"

#include <string>
#include <vector>

namespace spectro {

struct ResumePlan {
    std::string mismatch;     // why the cache cannot be extended; empty when it can
    std::vector<int> present; // requested samples the cache holds, ascending
    std::vector<int> missing; // requested samples still to compute, ascending
};

// `wanted` is the identity of the run; `sampleTokens[i]` the tokens of requested sample i.
// Option keys in `extentKeys` (such as "samples") say how much to compute, not what: they may
// differ. The mismatch reads like "made with other weights (fingerprint 1a2b in the cache,
// 3c4d now)" or "option 'max_tokens' is 48 in the cache, 64 now".
ResumePlan planResume(const CacheReader& cache, const CacheIdentity& wanted,
                      const std::vector<std::vector<int>>& sampleTokens, const std::vector<std::string>& extentKeys);

} // namespace spectro
