#pragma once
// What the figures of one workbench state are built from: the session's cache and, when one is
// open, the model. One immutable-looking object, shared (std::shared_ptr<const>) by every figure
// build on the loader's threads: the cache is opened and the spectra are read once, lazily, by
// whichever build needs them first (std::call_once), so the GUI thread never touches HDF5 and a
// 7B cache's [d, d] singular vectors are read once, not once per figure. A cache that cannot be
// opened gives every build the same one-line error.
//
// The model's inputs (tokenizer, spectra) are used for cache-fed figures only when the model is
// the one that made the cache (same fingerprint); another open model still feeds aptitude.
#include "engine_snapshots.h"
#include "figures/figure_builders.h"
#include "spectral/bands.h"
#include "spectral/spectrum.h"

#include <exception>
#include <memory>
#include <mutex>
#include <string>

namespace spectro {
class CacheReader;
}

namespace spectro::gui {

class WorkbenchSource {
public:
    WorkbenchSource(std::string cachePath, ModelSnapshotPtr model);
    ~WorkbenchSource();
    WorkbenchSource(const WorkbenchSource&) = delete;
    WorkbenchSource& operator=(const WorkbenchSource&) = delete;

    const std::string& cachePath() const { return cachePath_; }
    bool hasCache() const { return !cachePath_.empty(); }
    bool hasModel() const { return model_ && model_->checkpoint; }
    const ModelSnapshotPtr& model() const { return model_; }

    // Throws Error when there is no cache or it cannot be opened (the same error every time).
    const CacheReader& cache() const;
    // The model's weights; Error naming what to do when no model is open.
    const Checkpoint& checkpoint() const;
    // The model is open and made the cache.
    bool modelMadeCache() const;
    // Tokenizer and spectra for the cache-fed builders: the spectra stored in the cache (read
    // once), else the model's when it made the cache.
    figures::ModelInputs modelInputs() const;
    // W_u's (or W_e's) spectrum for aptitude: the model's own, computed or read from the
    // spectrum store once.
    std::shared_ptr<const Spectrum> modelSpectrum(SpectralMatrix matrix) const;
    // The band layout of the figures: the cache's (figures::cacheBands), else 20 bands of the model.
    BandLayout bands() const;

private:
    struct Lazy {
        std::once_flag once;
        std::exception_ptr error;
    };
    void openCache() const;
    std::shared_ptr<const Spectrum> inputSpectrum(SpectralMatrix matrix) const;

    std::string cachePath_;
    ModelSnapshotPtr model_;
    mutable Lazy cacheOnce_;
    mutable std::unique_ptr<CacheReader> cache_;
    mutable bool modelMadeCache_ = false;
    mutable Lazy inputOnce_[2], modelOnce_[2];
    mutable std::shared_ptr<const Spectrum> inputSpectra_[2], modelSpectra_[2];
};

using WorkbenchSourcePtr = std::shared_ptr<const WorkbenchSource>;

} // namespace spectro::gui
