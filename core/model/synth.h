#pragma once
// Random weights in real LLaMa-2 shapes, written as a Hugging Face directory, for scale, memory
// and speed tests (no LLaMa-2 weights exist on these machines). Values are streamed to disk one
// tensor at a time, so a 13.5 GB bf16 7B checkpoint needs no more memory than one chunk.
#include <cstdint>
#include <string>

#include "model/dtype.h"
#include "model/model_config.h"
#include "util/progress.h"

namespace spectro {

// "llama2-7b", "llama2-13b", "llama2-70b"; throws Error for other names.
ModelConfig llama2Shape(const std::string& name);

struct SynthOptions {
    ModelConfig config;
    DType dtype = DType::BF16;
    std::uint64_t seed = 0;
    std::string tokenizerPath;  // copied beside the weights when set
};

void writeSynthetic(const SynthOptions& options, const std::string& directory, const ProgressFn& progress = {});

}  // namespace spectro
