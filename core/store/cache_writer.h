#pragma once
// Writes forward-pass taps to an HDF5 cache (format: docs/cache-format.md). The file is built
// under a temporary name beside the target and renamed into place by commit(), so a crash never
// leaves a half-written cache under the real name.
#include <map>
#include <memory>
#include <string>

#include "engine/forward.h"
#include "model/model_config.h"

namespace spectro {

struct CacheIdentity {
    std::string modelPath;
    std::string modelFormat;
    std::string modelFingerprint;
    std::string tokenizer;
    std::string options;  // JSON text of the run's options
};

class CacheWriter {
public:
    CacheWriter(const std::string& path, const ModelConfig& config, const CacheIdentity& identity);
    ~CacheWriter();
    CacheWriter(const CacheWriter&) = delete;
    CacheWriter& operator=(const CacheWriter&) = delete;

    // Adds /samples/NNNNNN with the taps that are present; `nll` holds T-1 values (may be empty).
    void addSample(int index, const SampleTaps& taps, const std::string& text, const std::vector<float>& nll);
    void commit();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// "samples/000012" for index 12.
std::string sampleGroupName(int index);

}  // namespace spectro
