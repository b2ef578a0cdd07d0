#pragma once
// The model behind a cache and the spectra a cache-based verb needs: the spectrum stored in the
// cache when it has one (and --fold-norm does not ask for another), else the one computed from
// the model that made the cache (--model, or the cache's model_path), whose fingerprint must
// match the cache's. Shared by `analyze` and the sink verbs.
#include "arguments.h"
#include "spectral/spectrum.h"
#include "verbs.h"

#include <memory>

namespace spectro {
class CacheReader;
}

namespace spectro::cli {

// Opens (once, into `model`) the model that made the cache: `path`, or else --model, or else
// the cache's model_path. Throws Error naming the cache when none is given or the weights differ.
const OpenedModel& cacheModel(const CacheReader& cache, const Arguments& args, std::unique_ptr<OpenedModel>& model,
                              const std::string& path = {});
// Whether the model cacheModel would open (--model, or the cache's model_path) exists.
bool cacheModelReachable(const CacheReader& cache, const Arguments& args);

std::shared_ptr<const Spectrum> spectrumFor(const CacheReader& cache, SpectralMatrix matrix, const Arguments& args,
                                            std::unique_ptr<OpenedModel>& model);

} // namespace spectro::cli
