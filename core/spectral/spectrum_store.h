#pragma once
// Spectra are computed once per model: a LLaMa-2-7B W_u takes ~10 s, and every filter, sweep and
// spectrogram needs it. They are kept in a small binary file per (weights fingerprint, matrix,
// fold) under the user's cache folder, written atomically. A damaged or foreign file is ignored
// with a warning and recomputed, never trusted.
#include <memory>
#include <string>

#include "spectral/spectrum.h"

namespace spectro {

// $SPECTRO_CACHE_DIR, else $XDG_CACHE_HOME/spectroscope, else ~/.cache/spectroscope.
std::string spectroCacheFolder();

void saveSpectrum(const std::string& path, const Spectrum& spectrum);
// Throws Error naming the file when it is not a complete spectrum file.
Spectrum loadSpectrum(const std::string& path);

struct SpectrumSource {
    bool fromCache = false;
    std::string path;  // the cache file used or written ("" when caching was not possible)
};

std::shared_ptr<const Spectrum> loadOrComputeSpectrum(const Checkpoint& checkpoint, SpectralMatrix matrix,
                                                      const SpectrumOptions& options = {},
                                                      const ProgressFn& progress = {}, SpectrumSource* source = nullptr);

}  // namespace spectro
