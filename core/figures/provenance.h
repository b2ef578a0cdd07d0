#pragma once
// The provenance every figure of a cache carries into its CSV header and its exported files'
// metadata: which cache, which weights, which app made the figure.
#include "figures/figure_table.h"

namespace spectro {
class CacheReader;
struct Checkpoint;
} // namespace spectro

namespace spectro::figures {

// cache, model_path, model_fingerprint, tap_dtype, cache_created, bands, app_version.
Provenance cacheProvenance(const CacheReader& cache);
// model_path, model_format, model_fingerprint, app_version.
Provenance modelProvenance(const Checkpoint& checkpoint);

} // namespace spectro::figures
