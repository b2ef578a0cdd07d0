#include "model/gguf_loader.h"

#include <cmath>
#include <cstring>
#include <map>

#include "io/mapped_file.h"
#include "io/quoted.h"
#include "model/gguf_file.h"
#include "model/tensor_names.h"
#include "tokenizer/vocabulary_checks.h"
#include "util/log.h"
#include "util/memory.h"

namespace spectro {
namespace {

using gguf::Metadata;
using gguf::Scalar;  // for readers of decoded values (std::get_if)

// GGUF tensor name -> canonical name, or "" for tensors we know and ignore. Parsed by hand (no
// std::regex, which recurses per character, on a name from the file); a layer number must be
// written canonically ("blk.1", not "blk.01"), so that two names cannot alias one tensor.
std::optional<std::string> canonicalName(const std::string& gguf)
{
    static const std::map<std::string, std::string> global = {
        {"token_embd.weight", "token_embedding"}, {"output_norm.weight", "output_norm"},
        {"output.weight", "output"}, {"rope_freqs.weight", "rope_freqs"}};
    static const std::map<std::string, const char*> perLayer = {
        {"attn_norm", "attention_norm"}, {"attn_q", "wq"}, {"attn_k", "wk"}, {"attn_v", "wv"},
        {"attn_output", "wo"}, {"ffn_norm", "ffn_norm"}, {"ffn_gate", "w1"}, {"ffn_down", "w2"},
        {"ffn_up", "w3"}, {"attn_rot_embd", ""}};
    if (auto it = global.find(gguf); it != global.end()) return it->second;
    const auto layer = parseLayerName(gguf, "blk.", ".weight");
    if (!layer) return std::nullopt;
    if (auto it = perLayer.find(layer->leaf); it != perLayer.end()) {
        if (*it->second == '\0') return std::string();
        return layerTensorName(layer->index, it->second);
    }
    return std::nullopt;
}

std::vector<float> dequantizeQ8_0(const std::byte* data, std::int64_t n)
{
    // Blocks of 32 values: one fp16 scale, then 32 int8.
    std::vector<float> out(static_cast<std::size_t>(n));
    for (std::int64_t b = 0; b < n / 32; ++b) {
        const std::byte* block = data + b * 34;
        std::uint16_t h;
        std::memcpy(&h, block, 2);
        const float scale = halfToFloat(h);
        const auto* q = reinterpret_cast<const std::int8_t*>(block + 2);
        for (int i = 0; i < 32; ++i) out[static_cast<std::size_t>(b * 32 + i)] = static_cast<float>(q[i]) * scale;
    }
    return out;
}

EmbeddedVocabulary readVocabulary(const Metadata& meta, const std::string& path)
{
    EmbeddedVocabulary vocab;
    const auto model = meta.text("tokenizer.ggml.model");
    if (model != "llama") {
        throw Error(path + ": tokenizer.ggml.model '" + model + "' is not supported (expected 'llama')");
    }
    vocab.pieces = meta.strings("tokenizer.ggml.tokens");
    const std::size_t n = vocab.pieces.size();
    // Scores and types belong to the pieces one to one: an array of another length is a
    // malformed vocabulary, not something to pad or cut silently.
    const auto sameLength = [&](const char* key, std::size_t size) {
        if (size != n) {
            throw Error(path + ": metadata '" + key + "' has " + std::to_string(size) +
                        " entries, 'tokenizer.ggml.tokens' " + std::to_string(n));
        }
    };
    if (meta.has("tokenizer.ggml.scores")) {
        vocab.scores = meta.floats("tokenizer.ggml.scores");
        sameLength("tokenizer.ggml.scores", vocab.scores.size());
    }
    vocab.scores.resize(n, 0.0f);
    if (meta.has("tokenizer.ggml.token_type")) {
        for (auto type : meta.integers("tokenizer.ggml.token_type")) vocab.types.push_back(static_cast<int>(type));
        sameLength("tokenizer.ggml.token_type", vocab.types.size());
    }
    vocab.types.resize(n, 1);
    vocab.bosId = static_cast<int>(meta.integer("tokenizer.ggml.bos_token_id", 1));
    vocab.eosId = static_cast<int>(meta.integer("tokenizer.ggml.eos_token_id", 2));
    vocab.unkId = static_cast<int>(meta.integer("tokenizer.ggml.unknown_token_id", 0));
    if (meta.has("tokenizer.ggml.add_bos_token")) {
        const auto& s = meta.scalarValue("tokenizer.ggml.add_bos_token");
        const auto* b = std::get_if<bool>(&s);
        if (!b) throw Error(path + ": metadata 'tokenizer.ggml.add_bos_token' is not a boolean");
        vocab.addBos = *b;
    }
    checkVocabulary(vocab, path);
    return vocab;
}

// The embedded vocabulary when this build can encode with it. SentencePiece-style ("llama")
// vocabularies go through the scored-vocabulary tokenizer; byte-level BPE ("gpt2", LLaMa-3's)
// is not implemented, so the weights load without a tokenizer and `why` says so.
std::optional<EmbeddedVocabulary> readSupportedVocabulary(const Metadata& meta, const std::string& path,
                                                          std::string& why)
{
    const auto model = meta.text("tokenizer.ggml.model");
    if (model == "llama") return readVocabulary(meta, path);
    why = path + ": the embedded vocabulary is tokenizer.ggml.model '" + model + "'" +
          (model == "gpt2" ? " (byte-level BPE)" : "") +
          ", which this build cannot encode (only 'llama', SentencePiece)";
    return std::nullopt;
}

// Hyper-parameters the engine cannot honour are refused before any is read.
void refuseUnsupportedGguf(const Metadata& meta, const std::string& path)
{
    for (const char* key :
         {"llama.attention.head_count", "llama.attention.head_count_kv", "llama.feed_forward_length"}) {
        if (meta.isArray(key)) {
            throw Error(path + ": metadata '" + std::string(key) +
                        "' holds one value per layer; per-layer shapes are not supported");
        }
    }
    if (meta.integer("llama.expert_count", 0) > 0) {
        throw Error(path + ": metadata 'llama.expert_count' = " + std::to_string(meta.integer("llama.expert_count")) +
                    "; mixture-of-experts layers are not supported");
    }
}

// Head width and RoPE from llama.* metadata, as llama.cpp reads them.
void readAttentionGeometry(const Metadata& meta, const std::string& path, ModelConfig& c)
{
    if (meta.has("llama.attention.key_length")) {
        const auto keyLength = meta.integer("llama.attention.key_length");
        const auto valueLength = meta.integer("llama.attention.value_length", keyLength);
        if (keyLength != valueLength) {
            throw Error(path + ": metadata 'llama.attention.key_length' = " + std::to_string(keyLength) +
                        " differs from 'llama.attention.value_length' = " + std::to_string(valueLength) +
                        "; heads of two widths are not supported");
        }
        if (keyLength <= 0 || keyLength > 65536) {
            throw Error(path + ": metadata 'llama.attention.key_length' is out of range");
        }
        if (c.nHeads <= 0 || c.dim % c.nHeads != 0 || keyLength != c.dim / c.nHeads) {
            c.explicitHeadDim = static_cast<int>(keyLength);
        }
        c.sources["head_dim"] = "llama.attention.key_length";
    } else {
        c.sources["head_dim"] = "llama.embedding_length / llama.attention.head_count";
    }
    if (meta.has("llama.rope.dimension_count") && meta.integer("llama.rope.dimension_count") != c.headDim()) {
        throw Error(path + ": metadata 'llama.rope.dimension_count' = " +
                    std::to_string(meta.integer("llama.rope.dimension_count")) + " differs from the head width " +
                    std::to_string(c.headDim()) + "; RoPE on part of each head is not supported");
    }
    if (meta.has("llama.rope.freq_base")) {
        c.ropeTheta = meta.real("llama.rope.freq_base", 10000.0);
        c.sources["rope_theta"] = "llama.rope.freq_base";
    } else {
        c.ropeTheta = 10000.0;
        c.sources["rope_theta"] = "default 10000 (llama.rope.freq_base missing)";
        warn(path + ": metadata 'llama.rope.freq_base' is missing, so RoPE theta is 10000; old converters dropped it, "
                    "and a model trained with another base (CodeLlama: 1e6, LLaMa-3: 5e5) would run wrong");
    }
    // llama.cpp: the type defaults to linear, the factor to scaling.factor, else the older
    // scale_linear, else 1 (no scaling).
    const std::string type = meta.has("llama.rope.scaling.type") ? meta.text("llama.rope.scaling.type") : "linear";
    const char* factorKey =
        meta.has("llama.rope.scaling.factor") ? "llama.rope.scaling.factor" : "llama.rope.scale_linear";
    const double factor = meta.real(factorKey, 0.0);
    if (type == "none") {
        c.sources["rope_type"] = "llama.rope.scaling.type";
    } else if (type == "linear") {
        if (factor < 0 || !std::isfinite(factor)) {
            throw Error(path + ": metadata '" + std::string(factorKey) + "' = " + std::to_string(factor) +
                        " is not a scaling factor");
        }
        if (factor != 0 && factor != 1) {
            c.rope.type = RopeType::Linear;
            c.rope.factor = factor;
            c.sources["rope_type"] = factorKey;
        } else {
            c.sources["rope_type"] = "default";
        }
    } else {
        throw Error(path + ": metadata 'llama.rope.scaling.type' is '" + type + "'; supported: none, linear");
    }
}

}  // namespace

bool looksLikeGguf(const MappedFile& file)
{
    return file.size() >= 4 && std::memcmp(file.data(), "GGUF", 4) == 0;
}

Checkpoint loadGguf(std::shared_ptr<const MappedFile> file, const ProgressFn& progress)
{
    const std::string& path = file->path();
    const gguf::File g = gguf::parse(*file);
    const Metadata meta(*file, g.metadata);
    const auto arch = meta.text("general.architecture");
    if (arch != "llama") {
        throw Error(path + ": general.architecture '" + arch + "' is not supported (expected 'llama')");
    }
    const auto& infos = g.tensors;

    Checkpoint ckpt;
    ckpt.path = path;
    ckpt.format = CheckpointFormat::Gguf;
    auto& c = ckpt.config;
    refuseUnsupportedGguf(meta, path);
    c.dim = static_cast<int>(meta.integer("llama.embedding_length"));
    c.hiddenDim = static_cast<int>(meta.integer("llama.feed_forward_length"));
    c.nLayers = static_cast<int>(meta.integer("llama.block_count"));
    c.nHeads = static_cast<int>(meta.integer("llama.attention.head_count"));
    c.nKvHeads = static_cast<int>(meta.integer("llama.attention.head_count_kv", c.nHeads));
    c.maxSeqLen = static_cast<int>(meta.integer("llama.context_length"));
    readAttentionGeometry(meta, path, c);
    c.normEps = meta.real("llama.attention.layer_norm_rms_epsilon", 1e-5);
    if (meta.has("tokenizer.ggml.model")) {
        ckpt.vocabulary = readSupportedVocabulary(meta, path, ckpt.tokenizerProblem);
        if (ckpt.vocabulary) {
            c.bosId = ckpt.vocabulary->bosId;
            c.eosId = ckpt.vocabulary->eosId;
        }
    }
    c.vocabSize = static_cast<int>(meta.integer(
        "llama.vocab_size", ckpt.vocabulary ? static_cast<std::int64_t>(ckpt.vocabulary->pieces.size()) : 0));

    std::uint64_t dequantisedBytes = 0;
    for (const auto& t : infos) {
        if (t.type == gguf::kQ8_0) dequantisedBytes += t.bytes / 34 * 32 * 4;
    }
    if (dequantisedBytes > availableMemoryBytes()) {
        throw Error(path + ": its Q8_0 tensors need " + formatBytes(dequantisedBytes) +
                    " once dequantised to float32, but only " + formatBytes(availableMemoryBytes()) +
                    " of memory are available; convert the model to bf16 or f16");
    }
    std::string dtypes;
    int done = 0;
    for (const auto& t : infos) {
        reportProgress(progress, static_cast<double>(done++) / static_cast<double>(infos.size()), "reading GGUF tensors");
        const auto name = canonicalName(t.name);
        if (!name) throw Error(path + ": unexpected tensor " + quotedName(t.name) + " for architecture llama");
        if (name->empty()) continue;
        if (ckpt.tensors.count(*name)) throw Error(path + ": tensor " + quotedName(t.name) + " appears twice");
        // gguf::parse checked type, size, alignment, bounds and overlap.
        const auto span = file->slice(g.dataStart + t.offset, t.bytes, "tensor '" + t.name + "' data");
        const std::string typeName = gguf::tensorTypeName(t.type);
        if (*name == "rope_freqs") {}  // a table of RoPE divisors, not weights: not part of the stored type
        else if (dtypes.empty()) dtypes = typeName;
        else if (dtypes != typeName) dtypes = "mixed";
        RawTensor raw;
        if (t.type == gguf::kQ8_0) {
            raw = makeOwnedFloatTensor(t.name, t.shape, dequantizeQ8_0(span.data(), static_cast<std::int64_t>(t.bytes / 34 * 32)));
        } else {
            raw.name = t.name;
            raw.dtype = t.type == gguf::kF32 ? DType::F32 : t.type == gguf::kF16 ? DType::F16 : DType::BF16;
            raw.shape = t.shape;
            raw.data = span.data();
            raw.keepAlive = file;
        }
        ckpt.tensors[*name] = std::move(raw);
    }
    // LLaMa-3.1 GGUF files carry their RoPE scaling as divisors of the inverse frequencies
    // (llama.cpp's frequency factors); applied by the engine, never ignored.
    if (auto it = ckpt.tensors.find("rope_freqs"); it != ckpt.tensors.end()) {
        if (it->second.shape.size() != 1) throw Error(path + ": tensor 'rope_freqs.weight' must be a vector");
        const auto divisors = it->second.toFloat();
        c.rope.freqDivisors.assign(divisors.begin(), divisors.end());
        c.sources["rope_freq_divisors"] = "rope_freqs.weight";
        ckpt.tensors.erase(it);
    }
    for (auto& ch : dtypes) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    ckpt.storedDType = dtypes;
    if (!ckpt.tensors.count("output") && ckpt.tensors.count("token_embedding")) {
        RawTensor out = ckpt.tensors.at("token_embedding");
        out.name = "output (tied to token_embd.weight)";
        ckpt.tensors["output"] = out;
        c.tiedEmbeddings = true;
    }
    c.validate(path);
    if (ckpt.vocabulary && static_cast<int>(ckpt.vocabulary->pieces.size()) != c.vocabSize) {
        throw Error(path + ": the embedded vocabulary has " + std::to_string(ckpt.vocabulary->pieces.size()) +
                    " tokens, the model " + std::to_string(c.vocabSize));
    }
    checkTensors(ckpt);
    reportProgress(progress, 1.0, "reading GGUF tensors");
    return ckpt;
}

}  // namespace spectro
