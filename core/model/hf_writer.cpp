#include "model/hf_writer.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "io/atomic_file.h"
#include "model/rope_layout.h"
#include "model/safetensors.h"
#include "util/error.h"

namespace spectro {
namespace fs = std::filesystem;

std::string huggingFaceName(const std::string& canonical)
{
    if (canonical == "token_embedding") return "model.embed_tokens.weight";
    if (canonical == "output_norm") return "model.norm.weight";
    if (canonical == "output") return "lm_head.weight";
    static const std::map<std::string, std::string> leaves = {
        {"attention_norm", "input_layernorm"}, {"wq", "self_attn.q_proj"}, {"wk", "self_attn.k_proj"},
        {"wv", "self_attn.v_proj"}, {"wo", "self_attn.o_proj"}, {"ffn_norm", "post_attention_layernorm"},
        {"w1", "mlp.gate_proj"}, {"w2", "mlp.down_proj"}, {"w3", "mlp.up_proj"}};
    const auto dot = canonical.find('.', 7);
    const std::string layer = canonical.substr(7, dot - 7);
    return "model.layers." + layer + "." + leaves.at(canonical.substr(dot + 1)) + ".weight";
}

std::string huggingFaceConfigJson(const ModelConfig& c, const std::string& torchDtype)
{
    nlohmann::ordered_json j = {
        {"architectures", {"LlamaForCausalLM"}},
        {"model_type", "llama"},
        {"hidden_size", c.dim},
        {"intermediate_size", c.hiddenDim},
        {"num_hidden_layers", c.nLayers},
        {"num_attention_heads", c.nHeads},
        {"num_key_value_heads", c.nKvHeads},
        {"vocab_size", c.vocabSize},
        {"max_position_embeddings", c.maxSeqLen},
        {"rope_theta", c.ropeTheta},
        {"rms_norm_eps", c.normEps},
        {"tie_word_embeddings", c.tiedEmbeddings},
        {"hidden_act", "silu"},
        {"bos_token_id", c.bosId},
        {"eos_token_id", c.eosId},
        {"torch_dtype", torchDtype},
    };
    // Written as transformers 4 wrote them (rope_theta, rope_scaling), which transformers 5
    // still reads; head_dim and sliding_window only where they change the math.
    if (c.explicitHeadDim > 0) j["head_dim"] = c.explicitHeadDim;
    if (c.slidingWindow > 0) {
        j["model_type"] = "mistral";
        j["architectures"] = {"MistralForCausalLM"};
        j["sliding_window"] = c.slidingWindow;
    }
    if (!c.rope.freqDivisors.empty()) {
        throw Error("the model's RoPE frequency divisors (GGUF rope_freqs.weight) have no config.json field; "
                    "it cannot be written as a Hugging Face folder");
    }
    if (c.rope.type == RopeType::Linear) {
        j["rope_scaling"] = {{"rope_type", "linear"}, {"type", "linear"}, {"factor", c.rope.factor}};
    } else if (c.rope.type == RopeType::Llama3) {
        j["rope_scaling"] = {{"rope_type", "llama3"},
                             {"factor", c.rope.factor},
                             {"low_freq_factor", c.rope.lowFreqFactor},
                             {"high_freq_factor", c.rope.highFreqFactor},
                             {"original_max_position_embeddings", c.rope.originalMaxPositions}};
    }
    return j.dump(2) + "\n";
}

void writeHuggingFace(const Checkpoint& ckpt, const std::string& directory, const HfWriteOptions& options,
                      const ProgressFn& progress)
{
    const auto& c = ckpt.config;
    const std::string dtype =
        ckpt.storedDType == "bf16" ? "bfloat16" : ckpt.storedDType == "f16" ? "float16" : "float32";
    const std::string configJson = huggingFaceConfigJson(c, dtype);  // throws before anything is written
    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec) throw Error(directory + ": cannot create directory: " + ec.message());

    std::vector<SafetensorsEntry> entries;
    std::vector<std::uint64_t> sizes;
    for (const auto& spec : expectedTensors(c)) {
        if (spec.name == "output" && c.tiedEmbeddings) continue;
        const RawTensor& t = ckpt.tensor(spec.name);
        std::vector<std::int64_t> order;
        const bool isQ = spec.name.ends_with(".wq"), isK = spec.name.ends_with(".wk");
        if (isQ || isK) {
            // HF row k holds canonical row order[k].
            order = rotateHalfFromInterleaved(isQ ? c.nHeads : c.nKvHeads, c.headDim());
        }
        SafetensorsEntry e;
        e.name = huggingFaceName(spec.name);
        e.dtype = t.dtype;
        e.shape = t.shape;
        e.produce = [&t, order](const std::function<void(const void*, std::size_t)>& write) {
            if (t.shape.size() == 1) {
                write(t.data, t.byteSize());
                return;
            }
            const auto rowBytes = static_cast<std::size_t>(t.rowLength()) * dtypeSize(t.dtype);
            for (std::int64_t r = 0; r < t.shape[0]; ++r) {
                write(t.row(order.empty() ? r : order[static_cast<std::size_t>(r)]), rowBytes);
            }
        };
        sizes.push_back(t.byteSize());
        entries.push_back(std::move(e));
    }
    const std::map<std::string, std::string> metadata = {{"format", "pt"}};

    // Drop outputs of an earlier export so that a stale index or shard cannot shadow the new one.
    for (const auto& entry : fs::directory_iterator(directory)) {
        const auto name = entry.path().filename().string();
        if (name == "model.safetensors" || name == "model.safetensors.index.json" ||
            (name.starts_with("model-") && name.ends_with(".safetensors"))) {
            fs::remove(entry.path());
        }
    }
    if (options.maxShardBytes == 0) {
        writeSafetensors((fs::path(directory) / "model.safetensors").string(), entries, metadata, progress);
    } else {
        std::vector<std::vector<SafetensorsEntry>> shards(1);
        std::uint64_t filled = 0;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (filled > 0 && filled + sizes[i] > options.maxShardBytes) {
                shards.emplace_back();
                filled = 0;
            }
            shards.back().push_back(entries[i]);
            filled += sizes[i];
        }
        nlohmann::ordered_json index = {{"metadata", {{"total_size", 0}}}, {"weight_map", nlohmann::ordered_json::object()}};
        std::uint64_t total = 0;
        for (std::size_t s = 0; s < shards.size(); ++s) {
            char name[64];
            std::snprintf(name, sizeof name, "model-%05zu-of-%05zu.safetensors", s + 1, shards.size());
            for (const auto& e : shards[s]) index["weight_map"][e.name] = name;
            writeSafetensors((fs::path(directory) / name).string(), shards[s], metadata,
                             [&](double f, std::string_view stage) {
                                 return !progress || progress((static_cast<double>(s) + f) / static_cast<double>(shards.size()), stage);
                             });
        }
        for (auto size : sizes) total += size;
        index["metadata"]["total_size"] = total;
        writeFileAtomically((fs::path(directory) / "model.safetensors.index.json").string(), index.dump(2) + "\n");
    }
    writeFileAtomically((fs::path(directory) / "config.json").string(), configJson);
    if (ckpt.vocabulary && !ckpt.vocabulary->addBos) {  // the model's convention travels with it
        writeFileAtomically((fs::path(directory) / "tokenizer_config.json").string(),
                            "{\n  \"add_bos_token\": false\n}\n");
    }
    if (!options.tokenizerPath.empty()) {
        const bool isSentencePiece = options.tokenizerPath.ends_with(".model");
        const auto target = fs::path(directory) / (isSentencePiece ? "tokenizer.model" : "tokenizer.bin");
        if (fs::absolute(options.tokenizerPath) != fs::absolute(target)) {
            fs::copy_file(options.tokenizerPath, target, fs::copy_options::overwrite_existing, ec);
            if (!ec) fs::permissions(target, fs::perms::owner_write, fs::perm_options::add, ec);
            if (ec) throw Error(target.string() + ": cannot copy tokenizer: " + ec.message());
        }
    }
}

}  // namespace spectro
