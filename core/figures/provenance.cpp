#include "figures/provenance.h"

#include "figures/figure_builders.h"
#include "model/checkpoint.h"
#include "model/fingerprint.h"
#include "store/cache_reader.h"

namespace spectro::figures {

Provenance cacheProvenance(const CacheReader& cache)
{
    Provenance p;
    p["cache"] = cache.path();
    p["model_path"] = cache.attribute("model_path");
    p["model_fingerprint"] = cache.attribute("model_fingerprint");
    p["tap_dtype"] = tapDTypeName(cache.tapDType());
    p["cache_created"] = cache.attribute("created");
    p["bands"] = std::to_string(cacheBands(cache).count);
    p["app_version"] = SPECTRO_VERSION;
    return p;
}

Provenance modelProvenance(const Checkpoint& checkpoint)
{
    return {{"model_path", checkpoint.path},
            {"model_format", formatName(checkpoint.format)},
            {"model_fingerprint", fingerprint(checkpoint)},
            {"app_version", SPECTRO_VERSION}};
}

} // namespace spectro::figures
