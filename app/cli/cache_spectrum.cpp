#include "cache_spectrum.h"

#include "model/checkpoint.h"
#include "model/fingerprint.h"
#include "spectral/spectrum_store.h"
#include "store/cache_reader.h"
#include "util/error.h"

#include <algorithm>
#include <filesystem>

namespace spectro::cli {

bool cacheModelReachable(const CacheReader& cache, const Arguments& args)
{
    const std::string path = args.text("model", cache.attribute("model_path"));
    std::error_code ec;
    return !path.empty() && std::filesystem::exists(path, ec);
}

const OpenedModel& cacheModel(const CacheReader& cache, const Arguments& args, std::unique_ptr<OpenedModel>& model,
                              const std::string& explicitPath)
{
    if (model) return *model;
    const std::string path = !explicitPath.empty() ? explicitPath : args.text("model", cache.attribute("model_path"));
    if (path.empty()) throw Error(cache.path() + ": names no model; pass --model");
    model = std::make_unique<OpenedModel>(openModel(path, args, false));
    if (fingerprint(*model->checkpoint) != cache.attribute("model_fingerprint")) {
        throw Error(cache.path() + ": the cache was made with other weights than " + path);
    }
    return *model;
}

std::shared_ptr<const Spectrum> spectrumFor(const CacheReader& cache, SpectralMatrix matrix, const Arguments& args,
                                            std::unique_ptr<OpenedModel>& model)
{
    const std::string name = matrixName(matrix);
    if (cache.hasSpectrum(name) && !args.has("fold-norm")) {
        const StoredSpectrum stored = cache.readSpectrum(name);
        auto s = std::make_shared<Spectrum>();
        s->matrix = matrix;
        s->dim = stored.dim;
        s->rank = std::min(stored.dim, cache.config().vocabSize);
        s->foldedNorm = stored.foldedNorm;
        s->singularValues = stored.singularValues;
        s->vectors = stored.vectors;
        return s;
    }
    if (!model && !args.has("model") && cache.attribute("model_path").empty()) {
        throw Error(cache.path() + ": holds no " + name + " spectrum and names no model; pass --model");
    }
    const OpenedModel& m = cacheModel(cache, args, model);
    SpectrumOptions options;
    options.foldNorm = args.has("fold-norm");
    return loadOrComputeSpectrum(*m.checkpoint, matrix, options);
}

} // namespace spectro::cli
