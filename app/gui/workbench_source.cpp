#include "workbench_source.h"

#include "experiments/cache_analyze.h"
#include "model/checkpoint.h"
#include "spectral/spectrum_store.h"
#include "store/cache_reader.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <QCoreApplication>
#include <algorithm>

namespace spectro::gui {
namespace {

int slot(SpectralMatrix matrix)
{
    return matrix == SpectralMatrix::Unembed ? 0 : 1;
}

// Runs `work` once; every later call rethrows what the first one threw.
template <class Work> void runOnce(std::once_flag& once, std::exception_ptr& error, Work&& work)
{
    std::call_once(once, [&] {
        try {
            work();
        } catch (...) {
            error = std::current_exception();
        }
    });
    if (error) std::rethrow_exception(error);
}

} // namespace

WorkbenchSource::WorkbenchSource(std::string cachePath, ModelSnapshotPtr model)
    : cachePath_(std::move(cachePath)), model_(std::move(model))
{
}

WorkbenchSource::~WorkbenchSource() = default;

void WorkbenchSource::openCache() const
{
    runOnce(cacheOnce_.once, cacheOnce_.error, [this] {
        if (cachePath_.empty()) {
            throw Error(QCoreApplication::translate(
                            "WorkbenchSource", "No cache is open: run a corpus (Run > Run Corpus…) or open a cache")
                            .toStdString());
        }
        cache_ = std::make_unique<CacheReader>(cachePath_);
        modelMadeCache_ = hasModel() && cache_->attribute("model_fingerprint") == model_->fingerprint.toStdString();
    });
}

const CacheReader& WorkbenchSource::cache() const
{
    openCache();
    return *cache_;
}

const Checkpoint& WorkbenchSource::checkpoint() const
{
    if (!hasModel()) {
        throw Error(
            QCoreApplication::translate("WorkbenchSource", "This view needs the model's weights: open the model")
                .toStdString());
    }
    return *model_->checkpoint;
}

bool WorkbenchSource::modelMadeCache() const
{
    openCache();
    return modelMadeCache_;
}

std::shared_ptr<const Spectrum> WorkbenchSource::modelSpectrum(SpectralMatrix matrix) const
{
    const int i = slot(matrix);
    runOnce(modelOnce_[i].once, modelOnce_[i].error,
            [&] { modelSpectra_[i] = loadOrComputeSpectrum(checkpoint(), matrix); });
    return modelSpectra_[i];
}

std::shared_ptr<const Spectrum> WorkbenchSource::inputSpectrum(SpectralMatrix matrix) const
{
    const int i = slot(matrix);
    runOnce(inputOnce_[i].once, inputOnce_[i].error, [&] {
        // The cache's own spectrum when it stores one (a 7B model's would cost an SVD if it is not
        // in the spectrum store yet), else the model's when it made the cache, else none.
        inputSpectra_[i] = spectrumFromCache(cache(), matrix);
        if (!inputSpectra_[i] && modelMadeCache()) inputSpectra_[i] = modelSpectrum(matrix);
    });
    return inputSpectra_[i];
}

figures::ModelInputs WorkbenchSource::modelInputs() const
{
    figures::ModelInputs inputs;
    // The model's tokenizer labels old caches without /vocabulary when it is the one the cache
    // was tokenized with.
    if (hasModel() && model_->tokenizer && cache().attribute("tokenizer") == model_->tokenizer->source()) {
        inputs.tokenizer = model_->tokenizer.get();
    }
    inputs.unembed = inputSpectrum(SpectralMatrix::Unembed).get();
    inputs.embed = inputSpectrum(SpectralMatrix::Embed).get();
    return inputs;
}

BandLayout WorkbenchSource::bands() const
{
    if (hasCache()) return figures::cacheBands(cache());
    const int d = checkpoint().config.dim;
    return makeBands(d, std::min(20, d));
}

} // namespace spectro::gui
