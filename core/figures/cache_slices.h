#pragma once
// What the figure builders share: checks of the selection's arguments against a cache, the
// spectra and bands, and the per-stream / per-layer rows that several figures show (dark ratios,
// attention received), each read from /analysis when `analyze` stored it and computed from one
// slice of the taps otherwise. Internal to core/figures.
#include "figures/figure_builders.h"
#include "spectral/band_energy.h"
#include "spectral/spectrum.h"

#include <memory>
#include <string>
#include <vector>

namespace spectro::figures::detail {

// Throw Error naming the cache (and `figure`) unless the argument is valid.
void requireSample(const CacheReader& cache, int sample);
void requireTap(const CacheReader& cache, int sample, const std::string& tap, const std::string& figure);
void requireIndex(const CacheReader& cache, const std::string& what, int value, int lo, int hi);
int tokenCount(const CacheReader& cache, int sample);

SpectralMatrix spectralMatrix(const CacheReader& cache, const std::string& matrix);
// The model's spectrum when given, else the cache's /spectrum (read in full); Error when neither.
// `figure` names what needs it in the error.
std::shared_ptr<const Spectrum> spectrumFor(const CacheReader& cache, SpectralMatrix matrix, const ModelInputs& model,
                                            const std::string& figure);

// "udr/000003", "attn_received_mean/000003": the path of a per-sample analysis dataset.
std::string analysisPath(const std::string& group, int sample);
// Throws Error naming the dataset unless /analysis/<path> has the shape `expected`.
void requireAnalysisShape(const CacheReader& cache, const std::string& path, const std::vector<std::int64_t>& expected);

// The band energies of one spectrum (spectral/band_energy.h) in the cache's bands, made on first
// use: making them reads the stored [d, d] vectors (unless the model gave them) and copies them,
// which a figure should do once, not once per stream, and not at all when /analysis has it all.
class LazyBandEnergy {
public:
    LazyBandEnergy(const CacheReader& cache, SpectralMatrix matrix, const ModelInputs& model, std::string figure);
    const BandEnergy& get();
    SpectralMatrix matrix() const { return matrix_; }

private:
    const CacheReader& cache_;
    SpectralMatrix matrix_;
    ModelInputs model_;
    std::string figure_;
    std::unique_ptr<BandEnergy> energy_;
};

// U-dark (unembed) or E-dark (embed) ratio of resid[stream][t] for every token t: a row of
// /analysis udr / edr, else computed from resid[stream].
std::vector<double> darkRatioRow(const CacheReader& cache, int sample, int stream, LazyBandEnergy& energy);
// Mean and variance over later queries of the attention layer `layer` pays to each token
// (head = -1: head-averaged first, as `analyze` does).
struct ReceivedRow {
    std::vector<double> mean, variance;
};
ReceivedRow attentionReceivedRow(const CacheReader& cache, int sample, int layer, int head);

// Provenance of a cache figure: cacheProvenance plus "figure" and the selection's arguments.
Provenance figureProvenance(const CacheReader& cache, const std::string& figure,
                            std::initializer_list<std::pair<const char*, std::string>> arguments);

std::vector<double> widen(const float* values, std::size_t n);

} // namespace spectro::figures::detail
