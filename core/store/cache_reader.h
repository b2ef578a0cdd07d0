#pragma once
// Reads a cache written by CacheWriter; refuses files that are not Spectroscope caches.
#include <memory>
#include <string>
#include <vector>

#include "engine/array.h"
#include "model/model_config.h"

namespace spectro {

class CacheReader {
public:
    explicit CacheReader(const std::string& path);
    ~CacheReader();
    CacheReader(const CacheReader&) = delete;
    CacheReader& operator=(const CacheReader&) = delete;

    const ModelConfig& config() const;
    int formatVersion() const;
    std::string attribute(const std::string& name) const;  // root string attribute, "" if absent
    std::vector<int> sampleIndices() const;                // complete samples only
    std::vector<int> tokens(int sample) const;
    bool has(int sample, const std::string& dataset) const;
    Array read(int sample, const std::string& dataset) const;  // float32 datasets
    // One slot of the outermost dimension (e.g. one layer of resid) without reading the rest.
    Array readSlice(int sample, const std::string& dataset, std::int64_t index) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace spectro
