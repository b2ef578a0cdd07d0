#pragma once
// The safetensors container: an 8-byte little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}} and the raw data.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/raw_tensor.h"
#include "util/progress.h"

namespace spectro {

class MappedFile;

// All tensors of a mapped safetensors file, by their stored names; the data stays mapped.
// Throws Error naming the file and tensor for invalid JSON, unknown dtypes, offsets outside
// the file, overlapping or mis-sized data.
std::map<std::string, RawTensor> readSafetensors(const std::shared_ptr<const MappedFile>& file);

struct SafetensorsEntry {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    // Called once, in order, to produce exactly numel * dtypeSize bytes through `write`.
    std::function<void(const std::function<void(const void*, std::size_t)>& write)> produce;
};

// Writes the entries to `path` atomically (temporary file, then rename).
void writeSafetensors(const std::string& path, const std::vector<SafetensorsEntry>& entries,
                      const std::map<std::string, std::string>& metadata, const ProgressFn& progress = {});

std::string safetensorsDTypeName(DType type);

}  // namespace spectro
