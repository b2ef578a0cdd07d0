#include "model/hf_loader.h"

#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "io/mapped_file.h"
#include "model/hf_config.h"
#include "io/quoted.h"
#include "io/regular_file.h"
#include "io/safe_json.h"
#include "model/tensor_names.h"
#include "model/rope_layout.h"
#include "model/safetensors.h"
#include "util/error.h"
#include "util/log.h"

namespace spectro {
namespace fs = std::filesystem;
namespace {

// Caps for the JSON files of a model folder: config.json is about 1 KB, an index of a 70B model
// about 100 KB.
constexpr std::uint64_t kMaxConfigBytes = 16u << 20;
constexpr std::uint64_t kMaxIndexBytes = 64u << 20;

// HF tensor name -> canonical name, or "" for tensors we know and ignore (parsed by hand, see
// model/tensor_names.h).
std::optional<std::string> canonicalName(const std::string& hf)
{
    static const std::map<std::string, std::string> global = {
        {"model.embed_tokens.weight", "token_embedding"}, {"model.norm.weight", "output_norm"},
        {"lm_head.weight", "output"}};
    static const std::map<std::string, const char*> perLayer = {
        {"input_layernorm", "attention_norm"}, {"self_attn.q_proj", "wq"}, {"self_attn.k_proj", "wk"},
        {"self_attn.v_proj", "wv"}, {"self_attn.o_proj", "wo"}, {"post_attention_layernorm", "ffn_norm"},
        {"mlp.gate_proj", "w1"}, {"mlp.down_proj", "w2"}, {"mlp.up_proj", "w3"}};
    if (auto it = global.find(hf); it != global.end()) return it->second;
    if (const auto rotary = parseLayerName(hf, "model.layers.", ".inv_freq"); rotary && rotary->leaf == "self_attn.rotary_emb") {
        return std::string();
    }
    if (const auto layer = parseLayerName(hf, "model.layers.", ".weight")) {
        if (auto it = perLayer.find(layer->leaf); it != perLayer.end()) return layerTensorName(layer->index, it->second);
    }
    return std::nullopt;
}

// A shard named by the index must lie inside the model folder: a relative path without "." or
// ".." components (an index from the internet must not make us map /etc/shadow or a file of
// another model). Symbolic links inside the folder are the user's own (the Hugging Face cache
// links every file into ../../blobs) and are followed.
std::string shardName(const std::string& name, const std::string& index)
{
    const fs::path relative(name);
    bool inside = !name.empty() && relative.is_relative() && !relative.has_root_name() &&
                  name.find('\0') == std::string::npos;
    for (const auto& part : relative) inside = inside && part != ".." && part != "." && !part.empty();
    if (!inside) {
        throw Error(index + ": shard " + quotedName(name) +
                    " is not a file inside the model folder (shards must be relative paths without '..')");
    }
    return relative.lexically_normal().string();
}

}  // namespace

bool looksLikeHuggingFaceDir(const std::string& path)
{
    return fs::is_directory(path) && fs::exists(fs::path(path) / "config.json");
}

ModelConfig parseHuggingFaceConfig(const std::string& jsonText, const std::string& source)
{
    const nlohmann::json j = parseJson(jsonText, source);
    return interpretHuggingFaceConfig(j, source);
}

std::map<std::string, std::string> parseSafetensorsIndex(const std::string& jsonText, const std::string& source)
{
    const nlohmann::json j = parseJson(jsonText, source);
    if (!j.is_object() || !j.contains("weight_map") || !j["weight_map"].is_object()) {
        throw Error(source + ": field 'weight_map' is missing or not an object");
    }
    std::map<std::string, std::string> weightMap;
    for (const auto& [name, file] : j["weight_map"].items()) {
        if (!file.is_string()) throw Error(source + ": weight_map entry " + quotedName(name) + " is not a file name");
        weightMap[name] = shardName(file.get<std::string>(), source);
    }
    return weightMap;
}

Checkpoint loadHuggingFace(const std::string& directory, const ProgressFn& progress)
{
    const fs::path dir(directory);
    Checkpoint ckpt;
    ckpt.path = directory;
    ckpt.format = CheckpointFormat::HuggingFace;
    const fs::path configPath = dir / "config.json";
    ckpt.config = parseHuggingFaceConfig(readSmallFile(configPath.string(), kMaxConfigBytes, "config.json"),
                                         configPath.string());

    std::vector<std::string> shards;               // relative to the model folder
    std::map<std::string, std::string> weightMap;  // tensor -> shard, as the index lists them
    const auto index = dir / "model.safetensors.index.json";
    if (fs::exists(dir / "model.safetensors")) {
        shards.push_back("model.safetensors");
    } else if (fs::exists(index)) {
        weightMap = parseSafetensorsIndex(readSmallFile(index.string(), kMaxIndexBytes, "safetensors index"), index.string());
        std::set<std::string> files;
        for (const auto& [name, shard] : weightMap) files.insert(shard);
        shards.assign(files.begin(), files.end());
    } else {
        throw Error(directory + ": neither model.safetensors nor model.safetensors.index.json found");
    }

    std::set<std::string> dtypes;
    std::set<std::string> found;  // tensors of the weight map seen in their shard
    for (std::size_t s = 0; s < shards.size(); ++s) {
        reportProgress(progress, static_cast<double>(s) / static_cast<double>(shards.size()), "mapping safetensors");
        const std::string shard = (dir / shards[s]).string();
        if (!fs::exists(shard)) throw Error(shard + ": shard listed in the index is missing");
        for (auto& [hfName, tensor] : readSafetensors(MappedFile::open(shard))) {
            // The index and the shards must agree: a tensor the index puts elsewhere (or does not
            // list) would make the model depend on which shard is read first.
            if (!weightMap.empty()) {
                auto it = weightMap.find(hfName);
                if (it == weightMap.end() || it->second != shards[s]) {
                    throw Error(shard + ": holds tensor " + quotedName(hfName) + ", which " +
                                index.filename().string() + (it == weightMap.end() ? " does not list" : " puts in " + it->second));
                }
                found.insert(hfName);
            }
            const auto name = canonicalName(hfName);
            if (!name && hfName.ends_with(".bias")) {
                throw Error(shard + ": tensor " + quotedName(hfName) + " is a bias; biases are not supported");
            }
            if (!name) throw Error(shard + ": unexpected tensor " + quotedName(hfName) + " for LlamaForCausalLM");
            if (name->empty()) continue;
            if (ckpt.tensors.count(*name)) throw Error(shard + ": tensor " + quotedName(hfName) + " appears twice");
            dtypes.insert(std::string(dtypeName(tensor.dtype)));
            ckpt.tensors[*name] = std::move(tensor);
        }
    }
    for (const auto& [name, shard] : weightMap) {
        if (!found.count(name)) throw Error(index.string() + ": lists tensor " + quotedName(name) + " in " + shard + ", which does not hold it");
    }
    ckpt.storedDType = dtypes.size() == 1 ? *dtypes.begin() : "mixed";
    const auto& c = ckpt.config;
    if (!ckpt.tensors.count("output") && ckpt.tensors.count("token_embedding") && !c.tiedEmbeddings) {
        throw Error(directory +
                    ": tensor 'lm_head.weight' is missing and config.json does not set tie_word_embeddings");
    }
    // Tied: W_u is the embedding, as transformers ties it after loading, also when the file
    // stores an lm_head.weight of its own.
    if (c.tiedEmbeddings && ckpt.tensors.count("token_embedding")) {
        const RawTensor& embedding = ckpt.tensors.at("token_embedding");
        if (auto it = ckpt.tensors.find("output"); it != ckpt.tensors.end() &&
            (it->second.byteSize() != embedding.byteSize() || it->second.dtype != embedding.dtype ||
             std::memcmp(it->second.data, embedding.data, embedding.byteSize()) != 0)) {
            warn(directory + ": config.json sets tie_word_embeddings, so the stored lm_head.weight, which differs "
                             "from the embedding, is not used (as in transformers)");
        }
        ckpt.tensors["output"] = embedding;
    }
    // Un-permute W_q / W_k from rotate-half to interleaved, as row orders (no copy).
    for (int l = 0; l < c.nLayers; ++l) {
        if (auto it = ckpt.tensors.find(layerTensorName(l, "wq")); it != ckpt.tensors.end() && it->second.shape.size() == 2 &&
                                                                   it->second.shape[0] == c.queryDim()) {
            it->second.rowOrder = interleavedFromRotateHalf(c.nHeads, c.headDim());
        }
        if (auto it = ckpt.tensors.find(layerTensorName(l, "wk")); it != ckpt.tensors.end() && it->second.shape.size() == 2 &&
                                                                   it->second.shape[0] == c.kvDim()) {
            it->second.rowOrder = interleavedFromRotateHalf(c.nKvHeads, c.headDim());
        }
    }
    checkTensors(ckpt);
    reportProgress(progress, 1.0, "mapping safetensors");
    return ckpt;
}

}  // namespace spectro
