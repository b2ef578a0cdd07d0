#pragma once
// Hugging Face LlamaForCausalLM directories: config.json plus model.safetensors, or shards listed
// in model.safetensors.index.json. W_q/W_k rows are un-permuted from the rotate-half layout to the
// canonical interleaved one without copying (RawTensor::rowOrder).
#include <string>

#include "model/checkpoint.h"
#include "util/progress.h"

namespace spectro {

bool looksLikeHuggingFaceDir(const std::string& path);
Checkpoint loadHuggingFace(const std::string& directory, const ProgressFn& progress = {});

// Parses config.json text; `source` names the file in errors.
ModelConfig parseHuggingFaceConfig(const std::string& jsonText, const std::string& source);

}  // namespace spectro
