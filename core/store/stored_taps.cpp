#include "store/stored_taps.h"

#include "model/checkpoint.h"
#include "model/fingerprint.h"
#include "store/cache_reader.h"
#include "util/error.h"

namespace spectro {

std::vector<SampleTaps> readStoredTaps(const std::string& path, const Checkpoint& checkpoint, int maxSamples)
{
    CacheReader cache(path);
    if (cache.attribute("model_fingerprint") != fingerprint(checkpoint)) {
        throw Error(path + ": the cache was made with other weights (model_fingerprint differs from " + checkpoint.path + ")");
    }
    std::vector<SampleTaps> taps;
    for (int index : cache.sampleIndices()) {
        if (static_cast<int>(taps.size()) >= maxSamples) break;
        if (!cache.has(index, "resid")) throw Error(path + ": sample " + std::to_string(index) + " has no resid tap");
        SampleTaps t;
        t.tokens = cache.tokens(index);
        t.resid = cache.read(index, "resid");
        if (cache.has(index, "mlp_out")) t.mlpOut = cache.read(index, "mlp_out");
        taps.push_back(std::move(t));
    }
    if (taps.empty()) throw Error(path + ": the cache holds no complete sample");
    return taps;
}

}  // namespace spectro
