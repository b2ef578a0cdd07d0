#include "model/hf_loader.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "io/mapped_file.h"
#include "model/hf_config.h"
#include "model/rope_layout.h"
#include "model/safetensors.h"
#include "util/error.h"
#include "util/log.h"

namespace spectro {
namespace fs = std::filesystem;
namespace {

std::string readText(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path.string() + ": cannot open");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

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
    static const std::regex layerName(R"(model\.layers\.(\d+)\.(.+)\.weight)");
    static const std::regex ignored(R"(model\.layers\.\d+\.self_attn\.rotary_emb\.inv_freq)");
    if (std::regex_match(hf, ignored)) return std::string();
    std::smatch m;
    if (std::regex_match(hf, m, layerName)) {
        if (auto it = perLayer.find(m[2].str()); it != perLayer.end()) {
            return layerTensorName(std::stoi(m[1].str()), it->second);
        }
    }
    return std::nullopt;
}

}  // namespace

bool looksLikeHuggingFaceDir(const std::string& path)
{
    return fs::is_directory(path) && fs::exists(fs::path(path) / "config.json");
}

ModelConfig parseHuggingFaceConfig(const std::string& jsonText, const std::string& source)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(jsonText);
    } catch (const nlohmann::json::exception& e) {
        throw Error(source + ": invalid JSON: " + e.what());
    }
    return interpretHuggingFaceConfig(j, source);
}

Checkpoint loadHuggingFace(const std::string& directory, const ProgressFn& progress)
{
    const fs::path dir(directory);
    Checkpoint ckpt;
    ckpt.path = directory;
    ckpt.format = CheckpointFormat::HuggingFace;
    ckpt.config = parseHuggingFaceConfig(readText(dir / "config.json"), (dir / "config.json").string());

    std::vector<fs::path> shards;
    const auto index = dir / "model.safetensors.index.json";
    if (fs::exists(dir / "model.safetensors")) {
        shards.push_back(dir / "model.safetensors");
    } else if (fs::exists(index)) {
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(readText(index));
        } catch (const nlohmann::json::exception& e) {
            throw Error(index.string() + ": invalid JSON: " + e.what());
        }
        if (!j.contains("weight_map") || !j["weight_map"].is_object()) {
            throw Error(index.string() + ": field 'weight_map' is missing or not an object");
        }
        std::set<std::string> files;
        for (const auto& [name, file] : j["weight_map"].items()) {
            if (!file.is_string()) throw Error(index.string() + ": weight_map entry '" + name + "' is not a file name");
            files.insert(file.get<std::string>());
        }
        for (const auto& f : files) shards.push_back(dir / f);
    } else {
        throw Error(directory + ": neither model.safetensors nor model.safetensors.index.json found");
    }

    std::set<std::string> dtypes;
    for (std::size_t s = 0; s < shards.size(); ++s) {
        reportProgress(progress, static_cast<double>(s) / static_cast<double>(shards.size()), "mapping safetensors");
        if (!fs::exists(shards[s])) throw Error(shards[s].string() + ": shard listed in the index is missing");
        for (auto& [hfName, tensor] : readSafetensors(MappedFile::open(shards[s].string()))) {
            const auto name = canonicalName(hfName);
            if (!name && hfName.ends_with(".bias")) {
                throw Error(shards[s].string() + ": tensor '" + hfName + "' is a bias; biases are not supported");
            }
            if (!name) throw Error(shards[s].string() + ": unexpected tensor '" + hfName + "' for LlamaForCausalLM");
            if (name->empty()) continue;
            if (ckpt.tensors.count(*name)) throw Error(shards[s].string() + ": tensor '" + hfName + "' appears twice");
            dtypes.insert(std::string(dtypeName(tensor.dtype)));
            ckpt.tensors[*name] = std::move(tensor);
        }
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
