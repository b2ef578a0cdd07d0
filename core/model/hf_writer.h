#pragma once
// Writes a checkpoint as a Hugging Face LlamaForCausalLM directory (config.json and safetensors),
// re-permuting W_q/W_k into the rotate-half layout, so that transformers and every other tool
// read it as the same model. Tensors keep their stored dtype (dequantised Q8_0 becomes F32).
#include <cstdint>
#include <string>

#include "model/checkpoint.h"
#include "util/progress.h"

namespace spectro {

struct HfWriteOptions {
    // Split the weights into shards of at most this many bytes (0: one model.safetensors).
    std::uint64_t maxShardBytes = 0;
    // A tokenizer file to copy beside the weights (tokenizer.model or tokenizer.bin), or "".
    std::string tokenizerPath;
};

void writeHuggingFace(const Checkpoint& checkpoint, const std::string& directory, const HfWriteOptions& options = {},
                      const ProgressFn& progress = {});

// config.json text for `config`.
std::string huggingFaceConfigJson(const ModelConfig& config, const std::string& torchDtype);

// The Hugging Face tensor name of a canonical tensor name.
std::string huggingFaceName(const std::string& canonical);

}  // namespace spectro
