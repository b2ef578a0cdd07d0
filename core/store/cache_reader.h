#pragma once
// Reads a cache written by CacheWriter (format versions 1 and 2, docs/cache-format.md) without
// the model: configuration, identity, samples, spectra and analysis results. Files that are not
// complete Spectroscope caches (foreign, truncated, corrupt, or a writer's unfinished temporary)
// are refused with one line naming the file and what is wrong. Float datasets come back as
// float32 whatever their stored type.
#include "engine/array.h"
#include "model/model_config.h"
#include "store/tap_storage.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace spectro {

// The format version this build writes; it reads 1 and 2.
constexpr int kCacheFormatVersion = 2;

struct StoredSpectrum {
    std::vector<double> singularValues; // [dim], descending
    std::vector<double> vectors;        // [dim * dim] row-major, row i = i-th right singular vector
    std::vector<int> bandEdges;         // [N+1]
    bool foldedNorm = false;
    int dim = 0;
};

// The tokenizer's pieces (/vocabulary), so that a cache alone can label its tokens.
struct StoredVocabulary {
    std::vector<std::string> pieces; // [V] as the tokenizer spells them ("▁the", "<0x0A>", "<s>")
    int bosId = -1, eosId = -1;
};

// A uint8 dataset (e.g. HMLV flags): values row-major, outermost dimension first.
struct FlagArray {
    std::vector<std::int64_t> shape;
    std::vector<std::uint8_t> data;
};

class CacheReader {
public:
    explicit CacheReader(const std::string& path);
    ~CacheReader();
    CacheReader(const CacheReader&) = delete;
    CacheReader& operator=(const CacheReader&) = delete;

    const std::string& path() const;
    const ModelConfig& config() const;
    int formatVersion() const;
    std::string attribute(const std::string& name) const; // root string attribute, "" if absent
    TapDType tapDType() const;                            // float32 for version-1 caches

    std::vector<int> sampleIndices() const; // complete samples only, ascending
    std::vector<int> tokens(int sample) const;
    std::string text(int sample) const;
    bool has(int sample, const std::string& dataset) const;
    Array read(int sample, const std::string& dataset) const; // float datasets, as float32
    // One slot of the outermost dimension (e.g. one layer of resid) without reading the rest.
    Array readSlice(int sample, const std::string& dataset, std::int64_t index) const;
    // A block of a float dataset: `count[i]` values from `start[i]` along each axis (one entry per
    // axis), e.g. attn {l, h, 0, 0} x {1, 1, T, T} for one head of one layer. The result has the
    // shape `count`. Reads only the chunks the block touches.
    Array readBlock(int sample, const std::string& dataset, const std::vector<std::int64_t>& start,
                    const std::vector<std::int64_t>& count) const;
    // The extent of a dataset of the sample, without reading it.
    std::vector<std::int64_t> shape(int sample, const std::string& dataset) const;

    // /spectrum/<matrix>, matrix = "unembed" or "embed".
    bool hasSpectrum(const std::string& matrix) const;
    StoredSpectrum readSpectrum(const std::string& matrix) const;
    // The same without the [d, d] vectors (128 MiB for d = 4096): singular values, band edges, fold.
    StoredSpectrum readSpectrumValues(const std::string& matrix) const;

    // /vocabulary (caches written since the vocabulary was added; older caches have none).
    bool hasVocabulary() const;
    StoredVocabulary vocabulary() const;

    // /analysis/<path>, e.g. "udr/000003" (docs/cache-format.md lists what `analyze` writes).
    bool hasAnalysis(const std::string& path) const;
    Array readAnalysis(const std::string& path) const;              // float datasets
    Array readAnalysisBlock(const std::string& path, const std::vector<std::int64_t>& start,
                            const std::vector<std::int64_t>& count) const; // as readBlock
    std::vector<std::int64_t> analysisShape(const std::string& path) const;
    FlagArray readAnalysisFlags(const std::string& path) const;     // uint8 datasets
    std::string analysisDescription(const std::string& path) const; // its `description`, "" if none
    // Attributes of the /analysis group (thresholds, options of the analysis): strings as
    // stored, numbers printed with full precision. Empty when there is no analysis.
    std::map<std::string, std::string> analysisAttributes() const;

    // Bytes of values this reader has returned so far (taps, spectra, analysis, tokens, as the
    // types they are returned in), so that tests and benchmarks can prove what a caller read.
    std::uint64_t bytesRead() const { return bytesRead_.load(std::memory_order_relaxed); }

private:
    void countBytes(std::uint64_t bytes) const { bytesRead_.fetch_add(bytes, std::memory_order_relaxed); }
    mutable std::atomic<std::uint64_t> bytesRead_{0};
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace spectro
