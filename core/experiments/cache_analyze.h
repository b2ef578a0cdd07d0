#pragma once
// `analyze`: derives the per-token measurements of the paper from a cache and stores them under
// /analysis of the same cache (docs/cache-format.md): U-dark and E-dark ratios and spectrograms
// of every resid vector; with the attn tap, attention received (mean, variance over later
// queries) and the HMLV flags. Shared by `spectroscope-cli analyze` and the GUI's run job.
// Reads one stream (resid) or one layer (attn) of one sample at a time, so memory holds one
// slice, never a whole sample of a large model.
#include "analysis/attention_received.h"
#include "engine/array.h"
#include "spectral/spectrum.h"
#include "store/cache_analysis.h"
#include "util/progress.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace spectro {

class CacheReader;

// More measurements stored by the same analysis (one copy of the cache for all of them), such as
// the CLI's attention-sink measurements. With `perSample` set, each sample's whole resid
// [L+1, T, d] and attention [L, H, T, T] (null without the attn tap) are read once and handed to it
// (which costs the memory of a whole sample); it appends its datasets, named "<measure>/<sample>".
struct CacheAnalysisExtension {
    std::function<void(const std::string& sample, const Array& resid, const Array* attention,
                       std::vector<AnalysisDataset>& out)>
        perSample;
    // After the last sample: datasets over all samples, and numbers for the /analysis attributes.
    std::function<void(std::vector<AnalysisDataset>& out, std::map<std::string, double>& numbers)> finish;
};

struct CacheAnalysisOptions {
    int bands = 20;    // N (at most d)
    bool embed = true; // also the E-dark ratio (needs W_e's spectrum)
    HmlvOptions hmlv;
    bool scatter = false; // collect the per-(sample, layer, token) scatter CSV
    CacheAnalysisExtension extension;
};

// Per layer: eligible (layer, token) pairs, HMLV pairs, and the sums of their U-dark ratios.
struct HmlvLayerTally {
    long long pairs = 0, hmlv = 0;
    double udrHmlv = 0, udrRest = 0;
};

struct CacheAnalysisResult {
    std::vector<HmlvLayerTally> layers;
    bool anyAttention = false; // some sample has the attn tap
    std::string scatterCsv;    // with options.scatter: sample,layer,position,token,mean,variance,udr,hmlv
    // layer,pairs,hmlv,udr_hmlv_mean,udr_rest_mean
    std::string summaryCsv() const;
};

// The spectrum the analysis uses for a matrix (the cache's own, or computed from the model).
using SpectrumProvider = std::function<std::shared_ptr<const Spectrum>(SpectralMatrix)>;

// The spectrum stored in the cache under /spectrum/<matrix> (its [d, d] vectors included), or null
// when it holds none; Error when its dimension is not the model's.
std::shared_ptr<const Spectrum> spectrumFromCache(const CacheReader& cache, SpectralMatrix matrix);

// Analyses every complete sample of the committed cache at `path` and replaces its /analysis
// (one copy of the file, crash-safe). `progress` runs over the samples and may cancel (the cache
// is then unchanged). Throws Error naming the cache and sample when a sample has no resid tap.
CacheAnalysisResult analyzeCache(const std::string& path, const CacheAnalysisOptions& options,
                                 const SpectrumProvider& spectrum, const ProgressFn& progress = {});

} // namespace spectro
