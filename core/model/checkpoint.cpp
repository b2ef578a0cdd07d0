#include "model/checkpoint.h"

#include "util/error.h"

namespace spectro {

std::string formatName(CheckpointFormat format)
{
    switch (format) {
    case CheckpointFormat::Llama2cV0: return "llama2c-v0";
    case CheckpointFormat::Llama2cV1: return "llama2c-v1";
    case CheckpointFormat::Llama2cV2: return "llama2c-v2-q80";
    case CheckpointFormat::Gguf: return "gguf";
    case CheckpointFormat::HuggingFace: return "hf-safetensors";
    }
    return "?";
}

const RawTensor& Checkpoint::tensor(const std::string& name) const
{
    auto it = tensors.find(name);
    if (it == tensors.end()) {
        throw Error(path + ": tensor '" + name + "' is missing");
    }
    return it->second;
}

std::string layerTensorName(int layer, const char* leaf)
{
    return "layers." + std::to_string(layer) + "." + leaf;
}

std::vector<TensorSpec> expectedTensors(const ModelConfig& c)
{
    const std::int64_t d = c.dim, h = c.hiddenDim, q = c.queryDim(), kv = c.kvDim(), v = c.vocabSize;
    std::vector<TensorSpec> specs = {{"token_embedding", {v, d}}, {"output_norm", {d}}, {"output", {v, d}}};
    for (int l = 0; l < c.nLayers; ++l) {
        specs.push_back({layerTensorName(l, "attention_norm"), {d}});
        specs.push_back({layerTensorName(l, "wq"), {q, d}});
        specs.push_back({layerTensorName(l, "wk"), {kv, d}});
        specs.push_back({layerTensorName(l, "wv"), {kv, d}});
        specs.push_back({layerTensorName(l, "wo"), {d, q}});
        specs.push_back({layerTensorName(l, "ffn_norm"), {d}});
        specs.push_back({layerTensorName(l, "w1"), {h, d}});
        specs.push_back({layerTensorName(l, "w2"), {d, h}});
        specs.push_back({layerTensorName(l, "w3"), {h, d}});
    }
    return specs;
}

void checkTensors(const Checkpoint& checkpoint)
{
    const auto specs = expectedTensors(checkpoint.config);
    for (const auto& spec : specs) {
        auto it = checkpoint.tensors.find(spec.name);
        if (it == checkpoint.tensors.end()) {
            throw Error(checkpoint.path + ": tensor '" + spec.name + "' is missing (expected shape " +
                        shapeString(spec.shape) + ")");
        }
        if (it->second.shape != spec.shape) {
            throw Error(checkpoint.path + ": tensor '" + it->second.name + "' has shape " +
                        shapeString(it->second.shape) + ", expected " + shapeString(spec.shape));
        }
        if (it->second.data == nullptr) {
            throw Error(checkpoint.path + ": tensor '" + it->second.name + "' has no data");
        }
    }
    if (checkpoint.tensors.size() != specs.size()) {
        for (const auto& [name, t] : checkpoint.tensors) {
            bool known = false;
            for (const auto& spec : specs) known = known || spec.name == name;
            if (!known) {
                throw Error(checkpoint.path + ": unexpected tensor '" + t.name + "' for a model with " +
                            std::to_string(checkpoint.config.nLayers) + " layers");
            }
        }
    }
}

}  // namespace spectro
