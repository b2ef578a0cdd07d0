#pragma once
// What a Hugging Face config.json means for the forward pass: every field that transformers
// (4.28 to 5.x) writes for LlamaForCausalLM / MistralForCausalLM and that changes the math, read
// the way transformers reads it, and every field that asks for math this engine does not do
// (scaled RoPE other than linear and llama3, biases, other activations, experts, sliding windows
// per layer) refused by name. docs/formats.md has the table.
#include "model/model_config.h"

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace spectro {

// `source` names the file in errors ("model/config.json: field 'rope_parameters.rope_type' is ...").
ModelConfig interpretHuggingFaceConfig(const nlohmann::json& config, const std::string& source);

} // namespace spectro
