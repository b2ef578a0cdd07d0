#pragma once
// Writes forward-pass taps to an HDF5 cache (format: docs/cache-format.md). All writing goes to
// a temporary file beside the target, which replaces the target by an atomic rename in commit()
// (or checkpoint()): a process killed at any moment leaves the old cache or the new one under
// the real name, never a half-written file. A committed cache is extended through append(),
// which stages a copy of it; the committed file itself is never opened for writing.
#include "engine/forward.h"
#include "model/model_config.h"
#include "store/tap_storage.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace spectro {

struct CacheIdentity {
    std::string modelPath;
    std::string modelFormat;
    std::string modelFingerprint;
    std::string tokenizer;
    std::string options; // JSON text of the run's options
};

class CacheWriter {
public:
    // A new cache that replaces `path` (if any) on commit().
    CacheWriter(const std::string& path, const ModelConfig& config, const CacheIdentity& identity,
                const TapStorage& storage = {});
    // Continues the committed cache at `path`: the samples, spectra and analysis it holds are
    // kept. Its tap dtype must be `storage.dtype` (Error otherwise); compression and checksums
    // apply to the samples added now. Costs one copy of the file (docs/cache-format.md).
    static CacheWriter append(const std::string& path, const TapStorage& storage = {});

    CacheWriter(CacheWriter&&) noexcept;
    CacheWriter& operator=(CacheWriter&&) noexcept;
    ~CacheWriter(); // without commit(), the temporary file is deleted and the target untouched

    // Adds /samples/NNNNNN with the taps that are present; `nll` holds T-1 values (may be empty).
    // A sample already in the cache under `index` is replaced.
    void addSample(int index, const SampleTaps& taps, const std::string& text, const std::vector<float>& nll);

    // Stores /spectrum/<matrix> ("unembed" or "embed"): singular values [d] (descending),
    // right singular vectors [d*d] row-major (row i = v_i), band edges [N+1] (indices into the
    // spectrum, increasing, from 0 to at most d) and whether the final RMSNorm gain was folded
    // into the matrix. Replaces a spectrum stored before. Throws Error on inconsistent sizes.
    void setSpectrum(const std::string& matrix, const std::vector<double>& singularValues,
                     const std::vector<double>& vectors, const std::vector<int>& bandEdges, bool foldedNorm);

    // Stores /vocabulary: the tokenizer's pieces ([1, vocab_size] of them, piece i = id i) and its
    // BoS / EoS ids, so that the cache alone labels its tokens. Replaces one stored before.
    void setVocabulary(const std::vector<std::string>& pieces, int bosId, int eosId);

    // Replaces the root `options` attribute, e.g. with a larger "samples" after extending.
    void setOptions(const std::string& optionsJson);

    // Publishes everything written so far under the real name and keeps writing (costs one copy
    // of the file; returns the seconds it took). Lets an interrupted run resume from here.
    double checkpoint();
    void commit();

    const std::string& path() const;
    const std::string& temporaryPath() const;
    const ModelConfig& config() const;
    // Finite values that became +-inf because they exceed float16's range (float16 only).
    std::size_t overflowedValues() const;

private:
    CacheWriter();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// "000012" for index 12: a sample's name under /samples and under each /analysis group.
std::string sampleName(int index);
// "samples/000012" for index 12.
std::string sampleGroupName(int index);

} // namespace spectro
