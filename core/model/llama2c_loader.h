#pragma once
// llama2.c checkpoints: v0 (legacy header of 7 int32, fp32 weights), v1 (256-byte "ak42" header,
// fp32) and v2 (256-byte header, Q8_0 int8 weights with a per-group fp32 scale, dequantised here).
#include <memory>
#include <string>

#include "model/checkpoint.h"
#include "util/progress.h"

namespace spectro {

class MappedFile;

bool looksLikeLlama2c(const MappedFile& file);
Checkpoint loadLlama2c(std::shared_ptr<const MappedFile> file, const ProgressFn& progress = {});

}  // namespace spectro
