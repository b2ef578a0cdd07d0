#include "model/gguf_loader.h"

#include <cmath>
#include <map>
#include <regex>
#include <variant>

#include "io/byte_reader.h"
#include "io/mapped_file.h"
#include "util/log.h"
#include "util/memory.h"

namespace spectro {
namespace {

constexpr std::uint32_t kGgufMagic = 0x46554747;  // "GGUF" little-endian

enum GgufValueType : std::uint32_t {
    U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32V = 6, BOOL = 7, STRING = 8, ARRAY = 9,
    U64 = 10, I64 = 11, F64 = 12
};

// ggml tensor types: the ones we read, and names for the error message of the rest.
std::string ggmlTypeName(std::uint32_t type)
{
    static const std::map<std::uint32_t, const char*> names = {
        {0, "F32"}, {1, "F16"}, {2, "Q4_0"}, {3, "Q4_1"}, {6, "Q5_0"}, {7, "Q5_1"}, {8, "Q8_0"},
        {9, "Q8_1"}, {10, "Q2_K"}, {11, "Q3_K"}, {12, "Q4_K"}, {13, "Q5_K"}, {14, "Q6_K"}, {15, "Q8_K"},
        {16, "IQ2_XXS"}, {17, "IQ2_XS"}, {18, "IQ3_XXS"}, {19, "IQ1_S"}, {20, "IQ4_NL"}, {21, "IQ3_S"},
        {22, "IQ2_S"}, {23, "IQ4_XS"}, {24, "I8"}, {25, "I16"}, {26, "I32"}, {27, "I64"}, {28, "F64"},
        {29, "IQ1_M"}, {30, "BF16"}};
    auto it = names.find(type);
    return it != names.end() ? it->second : "type " + std::to_string(type);
}

using Scalar = std::variant<std::int64_t, double, bool, std::string>;
struct Value {
    Scalar scalar;
    std::vector<Scalar> array;
    bool isArray = false;
};

class GgufParser {
public:
    explicit GgufParser(const MappedFile& file) : file_(file), in_(file) {}

    std::string string(const std::string& field)
    {
        const auto len = in_.read<std::uint64_t>(field + " length");
        return in_.readBytes(len, field);
    }

    Scalar scalar(std::uint32_t type, const std::string& field)
    {
        switch (type) {
        case U8: return std::int64_t{in_.read<std::uint8_t>(field)};
        case I8: return std::int64_t{in_.read<std::int8_t>(field)};
        case U16: return std::int64_t{in_.read<std::uint16_t>(field)};
        case I16: return std::int64_t{in_.read<std::int16_t>(field)};
        case U32: return std::int64_t{in_.read<std::uint32_t>(field)};
        case I32: return std::int64_t{in_.read<std::int32_t>(field)};
        case U64: return static_cast<std::int64_t>(in_.read<std::uint64_t>(field));
        case I64: return in_.read<std::int64_t>(field);
        case F32V: return double{in_.read<float>(field)};
        case F64: return in_.read<double>(field);
        case BOOL: return in_.read<std::uint8_t>(field) != 0;
        case STRING: return string(field);
        default:
            throw Error(file_.path() + ": metadata '" + field + "' has unknown value type " + std::to_string(type));
        }
    }

    Value value(const std::string& key)
    {
        Value v;
        const auto type = in_.read<std::uint32_t>(key + " type");
        if (type != ARRAY) {
            v.scalar = scalar(type, key);
            return v;
        }
        v.isArray = true;
        const auto elemType = in_.read<std::uint32_t>(key + " element type");
        const auto count = in_.read<std::uint64_t>(key + " element count");
        if (count > in_.remaining()) {  // every element takes at least one byte
            throw Error(file_.path() + ": metadata '" + key + "' claims " + std::to_string(count) +
                        " elements, more than the file holds");
        }
        v.array.reserve(count);
        for (std::uint64_t i = 0; i < count; ++i) v.array.push_back(scalar(elemType, key));
        return v;
    }

    ByteReader& in() { return in_; }

private:
    const MappedFile& file_;
    ByteReader in_;
};

struct TensorInfo {
    std::string name;
    std::vector<std::int64_t> shape;  // outermost first (GGUF lists ne[0], the innermost, first)
    std::uint32_t type = 0;
    std::uint64_t offset = 0;
};

class Metadata {
public:
    Metadata(std::string path, std::map<std::string, Value> kv) : path_(std::move(path)), kv_(std::move(kv)) {}

    bool has(const std::string& key) const { return kv_.count(key) != 0; }
    bool isArray(const std::string& key) const
    {
        auto it = kv_.find(key);
        return it != kv_.end() && it->second.isArray;
    }

    std::int64_t integer(const std::string& key) const
    {
        const Scalar& s = scalarOf(key);
        if (const auto* i = std::get_if<std::int64_t>(&s)) return *i;
        throw Error(path_ + ": metadata '" + key + "' is not an integer");
    }
    std::int64_t integer(const std::string& key, std::int64_t fallback) const
    {
        return has(key) ? integer(key) : fallback;
    }
    double real(const std::string& key, double fallback) const
    {
        if (!has(key)) return fallback;
        const Scalar& s = scalarOf(key);
        if (const auto* d = std::get_if<double>(&s)) return *d;
        if (const auto* i = std::get_if<std::int64_t>(&s)) return static_cast<double>(*i);
        throw Error(path_ + ": metadata '" + key + "' is not a number");
    }
    std::string text(const std::string& key) const
    {
        const Scalar& s = scalarOf(key);
        if (const auto* str = std::get_if<std::string>(&s)) return *str;
        throw Error(path_ + ": metadata '" + key + "' is not a string");
    }
    const Scalar& scalarValue(const std::string& key) const { return scalarOf(key); }
    const std::vector<Scalar>& array(const std::string& key) const
    {
        auto it = kv_.find(key);
        if (it == kv_.end()) throw Error(path_ + ": metadata '" + key + "' is missing");
        if (!it->second.isArray) throw Error(path_ + ": metadata '" + key + "' is not an array");
        return it->second.array;
    }

private:
    const Scalar& scalarOf(const std::string& key) const
    {
        auto it = kv_.find(key);
        if (it == kv_.end()) throw Error(path_ + ": metadata '" + key + "' is missing");
        if (it->second.isArray) throw Error(path_ + ": metadata '" + key + "' is an array, expected a scalar");
        return it->second.scalar;
    }
    std::string path_;
    std::map<std::string, Value> kv_;
};

// GGUF tensor name -> canonical name, or "" for tensors we know and ignore.
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
    static const std::regex layerName(R"(blk\.(\d+)\.([a-z_]+)\.weight)");
    std::smatch m;
    if (std::regex_match(gguf, m, layerName)) {
        if (auto it = perLayer.find(m[2].str()); it != perLayer.end()) {
            if (*it->second == '\0') return std::string();
            return layerTensorName(std::stoi(m[1].str()), it->second);
        }
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
    for (const auto& s : meta.array("tokenizer.ggml.tokens")) {
        const auto* piece = std::get_if<std::string>(&s);
        if (!piece) throw Error(path + ": metadata 'tokenizer.ggml.tokens' holds a non-string");
        vocab.pieces.push_back(*piece);
    }
    if (meta.has("tokenizer.ggml.scores")) {
        for (const auto& s : meta.array("tokenizer.ggml.scores")) {
            const auto* d = std::get_if<double>(&s);
            vocab.scores.push_back(d ? static_cast<float>(*d) : 0.0f);
        }
    }
    vocab.scores.resize(vocab.pieces.size(), 0.0f);
    if (meta.has("tokenizer.ggml.token_type")) {
        for (const auto& s : meta.array("tokenizer.ggml.token_type")) {
            const auto* i = std::get_if<std::int64_t>(&s);
            vocab.types.push_back(i ? static_cast<int>(*i) : 1);
        }
    }
    vocab.types.resize(vocab.pieces.size(), 1);
    vocab.bosId = static_cast<int>(meta.integer("tokenizer.ggml.bos_token_id", 1));
    vocab.eosId = static_cast<int>(meta.integer("tokenizer.ggml.eos_token_id", 2));
    vocab.unkId = static_cast<int>(meta.integer("tokenizer.ggml.unknown_token_id", 0));
    const auto size = static_cast<std::int64_t>(vocab.pieces.size());
    const std::pair<const char*, int> ids[] = {{"tokenizer.ggml.bos_token_id", vocab.bosId},
                                               {"tokenizer.ggml.eos_token_id", vocab.eosId},
                                               {"tokenizer.ggml.unknown_token_id", vocab.unkId}};
    for (const auto& [key, id] : ids) {
        if (id < 0 || id >= size) {
            throw Error(path + ": metadata '" + key + "' = " + std::to_string(id) + " lies outside the vocabulary of " +
                        std::to_string(size) + " tokens");
        }
    }
    if (meta.has("tokenizer.ggml.add_bos_token")) {
        const auto& s = meta.scalarValue("tokenizer.ggml.add_bos_token");
        const auto* b = std::get_if<bool>(&s);
        if (!b) throw Error(path + ": metadata 'tokenizer.ggml.add_bos_token' is not a boolean");
        vocab.addBos = *b;
    }
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
    if (file.size() < 4) return false;
    std::uint32_t magic;
    std::memcpy(&magic, file.data(), 4);
    return magic == kGgufMagic;
}

Checkpoint loadGguf(std::shared_ptr<const MappedFile> file, const ProgressFn& progress)
{
    const std::string& path = file->path();
    GgufParser p(*file);
    auto& in = p.in();
    if (in.read<std::uint32_t>("magic") != kGgufMagic) throw Error(path + ": not a GGUF file (bad magic)");
    const auto version = in.read<std::uint32_t>("version");
    if (version != 2 && version != 3) {
        throw Error(path + ": GGUF version " + std::to_string(version) + " is not supported (expected 2 or 3)");
    }
    const auto tensorCount = in.read<std::uint64_t>("tensor_count");
    const auto kvCount = in.read<std::uint64_t>("metadata_kv_count");
    if (tensorCount > in.remaining() || kvCount > in.remaining()) {
        throw Error(path + ": header claims " + std::to_string(tensorCount) + " tensors and " +
                    std::to_string(kvCount) + " metadata entries, more than the file can hold");
    }
    std::map<std::string, Value> kv;
    for (std::uint64_t i = 0; i < kvCount; ++i) {
        auto key = p.string("metadata key " + std::to_string(i));
        kv[key] = p.value(key);
    }
    const Metadata meta(path, std::move(kv));
    const auto arch = meta.text("general.architecture");
    if (arch != "llama") {
        throw Error(path + ": general.architecture '" + arch + "' is not supported (expected 'llama')");
    }

    std::vector<TensorInfo> infos;
    for (std::uint64_t i = 0; i < tensorCount; ++i) {
        TensorInfo t;
        t.name = p.string("tensor name " + std::to_string(i));
        const auto nDims = in.read<std::uint32_t>(t.name + " n_dims");
        if (nDims == 0 || nDims > 4) {
            throw Error(path + ": tensor '" + t.name + "' has " + std::to_string(nDims) + " dimensions (expected 1..4)");
        }
        std::vector<std::int64_t> ne(nDims);
        for (auto& e : ne) {
            const auto v = in.read<std::uint64_t>(t.name + " shape");
            if (v == 0 || v > (1ull << 40)) throw Error(path + ": tensor '" + t.name + "' has an invalid dimension " + std::to_string(v));
            e = static_cast<std::int64_t>(v);
        }
        t.shape.assign(ne.rbegin(), ne.rend());
        t.type = in.read<std::uint32_t>(t.name + " type");
        t.offset = in.read<std::uint64_t>(t.name + " offset");
        infos.push_back(std::move(t));
    }
    const auto alignment = static_cast<std::uint64_t>(meta.integer("general.alignment", 32));
    if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
        throw Error(path + ": metadata 'general.alignment' = " + std::to_string(alignment) + " is not a power of two");
    }
    const std::uint64_t dataStart = (in.position() + alignment - 1) / alignment * alignment;

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
        if (t.type != 8) continue;
        std::uint64_t n = 4;
        for (auto s : t.shape) n *= static_cast<std::uint64_t>(s);
        dequantisedBytes += n;
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
        if (!name) throw Error(path + ": unexpected tensor '" + t.name + "' for architecture llama");
        if (name->empty()) continue;
        std::int64_t n = 1;
        for (auto s : t.shape) n *= s;
        std::uint64_t bytes = 0;
        std::optional<DType> dtype;
        switch (t.type) {
        case 0: dtype = DType::F32; bytes = static_cast<std::uint64_t>(n) * 4; break;
        case 1: dtype = DType::F16; bytes = static_cast<std::uint64_t>(n) * 2; break;
        case 30: dtype = DType::BF16; bytes = static_cast<std::uint64_t>(n) * 2; break;
        case 8:
            if (t.shape.back() % 32 != 0) {
                throw Error(path + ": tensor '" + t.name + "' is Q8_0 but its rows are not a multiple of 32");
            }
            bytes = static_cast<std::uint64_t>(n / 32) * 34;
            break;
        default:
            throw Error(path + ": tensor '" + t.name + "' has type " + ggmlTypeName(t.type) +
                        ", which is not supported (supported: F32, F16, BF16, Q8_0)");
        }
        if (t.offset % alignment != 0) {
            throw Error(path + ": tensor '" + t.name + "' data offset " + std::to_string(t.offset) + " is not aligned to " +
                        std::to_string(alignment));
        }
        if (t.offset > file->size()) {
            throw Error(path + ": tensor '" + t.name + "' data offset " + std::to_string(t.offset) +
                        " lies outside the file");
        }
        const auto span = file->slice(dataStart + t.offset, bytes, "tensor '" + t.name + "' data");
        const std::string typeName = ggmlTypeName(t.type);
        if (*name == "rope_freqs") {}  // a table of RoPE divisors, not weights: not part of the stored type
        else if (dtypes.empty()) dtypes = typeName;
        else if (dtypes != typeName) dtypes = "mixed";
        RawTensor raw;
        if (dtype) {
            raw.name = t.name;
            raw.dtype = *dtype;
            raw.shape = t.shape;
            raw.data = span.data();
            raw.keepAlive = file;
        } else {
            raw = makeOwnedFloatTensor(t.name, t.shape, dequantizeQ8_0(span.data(), n));
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
