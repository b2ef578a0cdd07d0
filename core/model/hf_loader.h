#pragma once
// Hugging Face LlamaForCausalLM directories: config.json plus model.safetensors, or shards listed
// in model.safetensors.index.json. W_q/W_k rows are un-permuted from the rotate-half layout to the
// canonical interleaved one without copying (RawTensor::rowOrder).
#include <map>
#include <string>

#include "model/checkpoint.h"
#include "util/progress.h"

namespace spectro {

bool looksLikeHuggingFaceDir(const std::string& path);
Checkpoint loadHuggingFace(const std::string& directory, const ProgressFn& progress = {});

// Parses config.json text; `source` names the file in errors.
ModelConfig parseHuggingFaceConfig(const std::string& jsonText, const std::string& source);

// Parses model.safetensors.index.json text into tensor name -> shard, the shard as a normalised
// path relative to the model folder. Throws Error naming `source` for invalid JSON, a missing
// weight_map, or a shard outside the folder (absolute, or with "." or ".." components).
std::map<std::string, std::string> parseSafetensorsIndex(const std::string& jsonText, const std::string& source);

}  // namespace spectro
