#pragma once
// Hand-built files for the hostile-input regression tests, in the manner of llama.cpp's
// tests/test-gguf.cpp: a tiny but complete LLaMa model (d = 8, one layer, vocabulary of 8) in
// each format, written byte by byte by code independent of the loaders, with a knob per class of
// damage the issue lists (wrapped integers, duplicate keys and names, overlapping tensors, huge
// counts and lengths, ids outside the vocabulary, shards outside the folder, NaN weights, deep
// JSON, crafted SentencePiece charsmaps). The default options give a file that loads.
// Used by tests/core/test_hostile_*.cpp and tests/app/test_gui_engine_controller.cpp.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spectro::hostile {

namespace fs = std::filesystem;

struct Bytes {
    std::string s;
    template <typename T> void put(T v) { s.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void str(std::string_view v)
    {
        put<std::uint64_t>(v.size());
        s.append(v);
    }
};

inline void writeFile(const fs::path& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// ---------------------------------------------------------------- the tiny model
constexpr int kDim = 8, kHidden = 16, kLayers = 1, kHeads = 2, kKvHeads = 2, kVocab = 8, kContext = 16;

struct TinyTensor {
    std::string gguf, hf;
    std::vector<std::int64_t> shape; // outermost first
    bool norm = false;
};

inline std::vector<TinyTensor> tinyTensors()
{
    const std::int64_t d = kDim, h = kHidden, v = kVocab, kv = kDim / kHeads * kKvHeads;
    std::vector<TinyTensor> t = {{"token_embd.weight", "model.embed_tokens.weight", {v, d}},
                                 {"output_norm.weight", "model.norm.weight", {d}, true},
                                 {"output.weight", "lm_head.weight", {v, d}}};
    const std::pair<const char*, const char*> leaves[] = {
        {"attn_norm", "input_layernorm"}, {"attn_q", "self_attn.q_proj"},      {"attn_k", "self_attn.k_proj"},
        {"attn_v", "self_attn.v_proj"},   {"attn_output", "self_attn.o_proj"}, {"ffn_norm", "post_attention_layernorm"},
        {"ffn_gate", "mlp.gate_proj"},    {"ffn_down", "mlp.down_proj"},       {"ffn_up", "mlp.up_proj"}};
    const std::vector<std::vector<std::int64_t>> shapes = {{d}, {d, d}, {kv, d}, {kv, d}, {d, d},
                                                           {d}, {h, d}, {d, h},  {h, d}};
    for (int l = 0; l < kLayers; ++l) {
        for (std::size_t i = 0; i < 9; ++i) {
            const std::string layer = std::to_string(l);
            t.push_back({"blk." + layer + "." + leaves[i].first + ".weight",
                         "model.layers." + layer + "." + leaves[i].second + ".weight", shapes[i],
                         shapes[i].size() == 1});
        }
    }
    return t;
}

inline std::int64_t numel(const std::vector<std::int64_t>& shape)
{
    std::int64_t n = 1;
    for (auto s : shape) n *= s;
    return n;
}

// Deterministic small weights (norm gains 1); `nan` puts a NaN at element 3.
inline std::string tinyValues(const TinyTensor& t, std::size_t index, bool nan = false)
{
    Bytes b;
    for (std::int64_t i = 0; i < numel(t.shape); ++i) {
        float v = t.norm ? 1.0f : 0.02f * static_cast<float>((i * 7 + static_cast<std::int64_t>(index) * 3) % 11 - 5);
        if (nan && i == 3) v = std::nanf("");
        b.put(v);
    }
    return b.s;
}

inline const std::vector<std::string>& tinyPieces()
{
    static const std::vector<std::string> pieces = {"<unk>",
                                                    "<s>",
                                                    "</s>",
                                                    "\xe2\x96\x81",
                                                    "a",
                                                    "b",
                                                    "\xe2\x96\x81"
                                                    "a",
                                                    "ab"};
    return pieces;
}

// ---------------------------------------------------------------- GGUF
struct GgufOptions {
    std::uint32_t version = 3;
    std::optional<std::uint64_t> tensorCount, kvCount; // override the header's counts
    std::optional<std::uint64_t> firstKeyLength;       // override the length field of the first key
    std::uint64_t embeddingLength = kDim;
    bool embeddingLengthU64 = false; // store llama.embedding_length as u64
    bool duplicateKey = false;       // llama.block_count twice
    bool duplicateTensor = false;    // blk.0.attn_q.weight listed twice
    bool overlap = false;            // attn_k's data starts inside attn_q's
    std::string renameQ;             // a new name for blk.0.attn_q.weight
    std::optional<std::uint32_t> nDimsOfQ;
    std::optional<std::uint64_t> firstDimOfQ;  // ne[0] of attn_q
    std::optional<std::uint64_t> secondDimOfQ; // ne[1] of attn_q
    std::optional<std::uint64_t> offsetOfQ;
    std::optional<std::uint64_t> alignment;
    std::optional<std::uint64_t> tokenCount;       // override the element count of the tokens array
    std::optional<std::uint64_t> firstTokenLength; // override the length of tokens[0]
    std::optional<std::uint32_t> tokenArrayType;   // element type of the tokens array
    bool shortScores = false;                      // one score fewer than tokens
    std::int64_t bosId = 1, eosId = 2, unkId = 0;
    bool nanInQ = false;
};

inline std::string gguf(const GgufOptions& o = {});
// gguf() with the options `edit` sets (designated initializers warn under -Wextra).
inline std::string gguf(const std::function<void(GgufOptions&)>& edit)
{
    GgufOptions o;
    edit(o);
    return gguf(o);
}

inline std::string gguf(const GgufOptions& o)
{
    Bytes kv;
    std::uint64_t kvs = 0;
    bool firstKey = true;
    auto key = [&](std::string_view k, std::uint32_t type) {
        if (firstKey && o.firstKeyLength) {
            kv.put<std::uint64_t>(*o.firstKeyLength);
            kv.s.append(k);
        } else {
            kv.str(k);
        }
        firstKey = false;
        kv.put(type);
        ++kvs;
    };
    auto u32 = [&](std::string_view k, std::uint32_t v) { key(k, 4), kv.put(v); };
    key("general.architecture", 8);
    kv.str("llama");
    if (o.embeddingLengthU64)
        key("llama.embedding_length", 10), kv.put<std::uint64_t>(o.embeddingLength);
    else
        u32("llama.embedding_length", static_cast<std::uint32_t>(o.embeddingLength));
    u32("llama.feed_forward_length", kHidden);
    u32("llama.block_count", kLayers);
    if (o.duplicateKey) u32("llama.block_count", 2);
    u32("llama.attention.head_count", kHeads);
    u32("llama.attention.head_count_kv", kKvHeads);
    u32("llama.context_length", kContext);
    key("llama.attention.layer_norm_rms_epsilon", 6), kv.put(1e-5f);
    if (o.alignment) u32("general.alignment", static_cast<std::uint32_t>(*o.alignment));
    key("tokenizer.ggml.model", 8);
    kv.str("llama");
    key("tokenizer.ggml.tokens", 9);
    kv.put<std::uint32_t>(o.tokenArrayType.value_or(8));
    kv.put<std::uint64_t>(o.tokenCount.value_or(tinyPieces().size()));
    for (std::size_t i = 0; i < tinyPieces().size(); ++i) {
        if (i == 0 && o.firstTokenLength) {
            kv.put<std::uint64_t>(*o.firstTokenLength);
            kv.s.append(tinyPieces()[i]);
        } else {
            kv.str(tinyPieces()[i]);
        }
    }
    key("tokenizer.ggml.scores", 9);
    const std::size_t scores = tinyPieces().size() - (o.shortScores ? 1 : 0);
    kv.put<std::uint32_t>(6);
    kv.put<std::uint64_t>(scores);
    for (std::size_t i = 0; i < scores; ++i) kv.put(-static_cast<float>(i));
    key("tokenizer.ggml.token_type", 9);
    kv.put<std::uint32_t>(5);
    kv.put<std::uint64_t>(tinyPieces().size());
    for (std::size_t i = 0; i < tinyPieces().size(); ++i) kv.put<std::int32_t>(i == 0 ? 2 : i < 3 ? 3 : 1);
    u32("tokenizer.ggml.bos_token_id", static_cast<std::uint32_t>(o.bosId));
    u32("tokenizer.ggml.eos_token_id", static_cast<std::uint32_t>(o.eosId));
    u32("tokenizer.ggml.unknown_token_id", static_cast<std::uint32_t>(o.unkId));

    // The data are laid out with the alignment the file claims when it is a sane one.
    const std::uint64_t claimed = o.alignment.value_or(32);
    const std::uint64_t align = claimed > 0 && claimed <= 4096 && (claimed & (claimed - 1)) == 0 ? claimed : 32;
    Bytes info, data;
    std::uint64_t tensors = 0;
    std::uint64_t qOffset = 0, qBytes = 0;
    auto tensor = [&](const TinyTensor& t, std::size_t index, const std::string& name) {
        info.str(name);
        const bool isQ = t.gguf == "blk.0.attn_q.weight";
        info.put<std::uint32_t>(isQ && o.nDimsOfQ ? *o.nDimsOfQ : static_cast<std::uint32_t>(t.shape.size()));
        for (std::size_t i = 0; i < t.shape.size(); ++i) {
            std::uint64_t dim = static_cast<std::uint64_t>(t.shape[t.shape.size() - 1 - i]); // ne[0] first
            if (isQ && i == 0 && o.firstDimOfQ) dim = *o.firstDimOfQ;
            if (isQ && i == 1 && o.secondDimOfQ) dim = *o.secondDimOfQ;
            info.put(dim);
        }
        info.put<std::uint32_t>(0); // F32
        std::uint64_t offset = data.s.size();
        if (isQ) qOffset = offset, qBytes = static_cast<std::uint64_t>(numel(t.shape)) * 4;
        if (t.gguf == "blk.0.attn_k.weight" && o.overlap) offset = qOffset + align;
        if (isQ && o.offsetOfQ) offset = *o.offsetOfQ;
        info.put(offset);
        data.s += tinyValues(t, index, isQ && o.nanInQ);
        while (data.s.size() % align) data.s.push_back('\0');
        ++tensors;
    };
    const auto list = tinyTensors();
    for (std::size_t i = 0; i < list.size(); ++i) {
        tensor(list[i], i, list[i].gguf == "blk.0.attn_q.weight" && !o.renameQ.empty() ? o.renameQ : list[i].gguf);
        if (o.duplicateTensor && list[i].gguf == "blk.0.attn_q.weight") tensor(list[i], i, list[i].gguf);
    }
    (void)qBytes;
    Bytes file;
    file.s = "GGUF";
    file.put(o.version);
    file.put<std::uint64_t>(o.tensorCount.value_or(tensors));
    file.put<std::uint64_t>(o.kvCount.value_or(kvs));
    file.s += kv.s + info.s;
    while (file.s.size() % align) file.s.push_back('\0');
    return file.s + data.s;
}

// ---------------------------------------------------------------- Hugging Face folders
inline std::string tinyConfigJson(const std::map<std::string, std::string>& overrides = {})
{
    std::map<std::string, std::string> fields = {{"model_type", "\"llama\""},
                                                 {"hidden_size", std::to_string(kDim)},
                                                 {"intermediate_size", std::to_string(kHidden)},
                                                 {"num_hidden_layers", std::to_string(kLayers)},
                                                 {"num_attention_heads", std::to_string(kHeads)},
                                                 {"num_key_value_heads", std::to_string(kKvHeads)},
                                                 {"vocab_size", std::to_string(kVocab)},
                                                 {"max_position_embeddings", std::to_string(kContext)},
                                                 {"rms_norm_eps", "1e-05"},
                                                 {"bos_token_id", "1"},
                                                 {"eos_token_id", "2"}};
    for (const auto& [k, v] : overrides) fields[k] = v;
    std::string out = "{";
    for (const auto& [k, v] : fields) {
        if (v.empty()) continue; // an empty override removes the field
        if (out.size() > 1) out += ',';
        out.append("\"").append(k).append("\":").append(v);
    }
    return out + "}";
}

struct SafetensorsOptions {
    bool duplicateName = false; // the header lists model.norm.weight twice (as JSON text)
    bool overlap = false;       // lm_head.weight's range starts inside embed_tokens'
    std::string extraName;      // one more (unknown) tensor of this name, with bytes of its own
    bool nanWeight = false;     // a NaN in q_proj
    std::string headerOverride; // the whole JSON header, verbatim
};

inline SafetensorsOptions safetensorsOptions(const std::function<void(SafetensorsOptions&)>& edit)
{
    SafetensorsOptions o;
    edit(o);
    return o;
}

inline std::string safetensors(const SafetensorsOptions& o = {})
{
    std::string header = "{";
    std::string data;
    const auto list = tinyTensors();
    std::uint64_t embedBegin = 0;
    auto entry = [&](const std::string& name, const std::vector<std::int64_t>& shape, std::uint64_t begin,
                     std::uint64_t end) {
        std::string dims;
        for (auto s : shape) {
            if (!dims.empty()) dims += ',';
            dims += std::to_string(s);
        }
        if (header.size() > 1) header += ',';
        header.append("\"").append(name).append("\":{\"dtype\":\"F32\",\"shape\":[").append(dims);
        header.append("],\"data_offsets\":[")
            .append(std::to_string(begin))
            .append(",")
            .append(std::to_string(end))
            .append("]}");
    };
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& t = list[i];
        const std::string bytes = tinyValues(t, i, o.nanWeight && t.hf == "model.layers.0.self_attn.q_proj.weight");
        std::uint64_t begin = data.size();
        if (t.hf == "model.embed_tokens.weight") embedBegin = begin;
        if (t.hf == "lm_head.weight" && o.overlap) {
            begin = embedBegin + 16; // shares bytes with the embedding; its own bytes stay unused
        }
        entry(t.hf, t.shape, begin, begin + bytes.size());
        if (o.duplicateName && t.hf == "model.norm.weight") entry(t.hf, t.shape, begin, begin + bytes.size());
        data += bytes;
    }
    if (!o.extraName.empty()) {
        entry(o.extraName, {kDim}, data.size(), data.size() + kDim * 4);
        data += std::string(kDim * 4, '\0');
    }
    header += "}";
    if (!o.headerOverride.empty()) header = o.headerOverride;
    Bytes file;
    file.put<std::uint64_t>(header.size());
    return file.s + header + data;
}

// Writes config.json and model.safetensors (or, with `shard`, the index naming that shard and the
// shard itself, written where the index says, if that lies inside `dir`).
inline void writeHfModel(const fs::path& dir, const std::string& config = tinyConfigJson(),
                         const SafetensorsOptions& options = {}, const std::string& shard = "")
{
    fs::create_directories(dir);
    writeFile(dir / "config.json", config);
    if (shard.empty()) {
        writeFile(dir / "model.safetensors", safetensors(options));
        return;
    }
    std::string index = "{\"metadata\":{},\"weight_map\":{";
    bool first = true;
    for (const auto& t : tinyTensors()) {
        if (!first) index += ',';
        index.append("\"").append(t.hf).append("\":\"").append(shard).append("\"");
        first = false;
    }
    writeFile(dir / "model.safetensors.index.json", index + "}}");
    const fs::path target = (dir / shard).lexically_normal();
    if (target.string().starts_with(dir.lexically_normal().string())) writeFile(target, safetensors(options));
}

// JSON nested `depth` levels deep: {"a":{"a":...}}.
inline std::string deepJson(int depth)
{
    std::string s;
    for (int i = 0; i < depth; ++i) s += "{\"a\":";
    s += "1";
    s.append(static_cast<std::size_t>(depth), '}');
    return s;
}

// ---------------------------------------------------------------- llama2.c
struct Llama2cOptions {
    std::int32_t header[7] = {kDim, kHidden, kLayers, kHeads, kKvHeads, kVocab, kContext};
    bool truncate = false;
};

inline std::string llama2c(const Llama2cOptions& o = {})
{
    Bytes b;
    for (auto h : o.header) b.put(h);
    if (o.header[0] != kDim || o.header[5] != kVocab) return b.s + std::string(4096, '\0'); // header tests only
    const auto list = tinyTensors();
    auto add = [&](const std::string& hf) {
        for (std::size_t i = 0; i < list.size(); ++i)
            if (list[i].hf == hf) b.s += tinyValues(list[i], i);
    };
    add("model.embed_tokens.weight");
    for (const char* leaf :
         {"input_layernorm", "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
          "post_attention_layernorm", "mlp.gate_proj", "mlp.down_proj", "mlp.up_proj"}) {
        add(std::string("model.layers.0.") + leaf + ".weight");
    }
    add("model.norm.weight");
    b.s += std::string(2 * kContext * (kDim / kHeads / 2) * 4, '\0'); // freq_cis tables
    if (o.truncate) b.s.resize(b.s.size() - 100);
    return b.s;
}

// ---------------------------------------------------------------- llama2.c tokenizer.bin
struct TokenizerBinOptions {
    std::int32_t maxTokenLength = 8;
    bool nanScore = false;
    std::optional<std::int32_t> firstLength;
};

inline std::string tokenizerBin(const TokenizerBinOptions& o = {});
inline std::string tokenizerBin(const std::function<void(TokenizerBinOptions&)>& edit)
{
    TokenizerBinOptions o;
    edit(o);
    return tokenizerBin(o);
}

inline std::string tokenizerBin(const TokenizerBinOptions& o)
{
    Bytes b;
    b.put(o.maxTokenLength);
    for (std::size_t i = 0; i < tinyPieces().size(); ++i) {
        std::string piece = tinyPieces()[i];
        if (piece == "<s>" || piece == "</s>") piece = std::string(1, '\n').append(piece).append("\n");
        std::string spaced; // llama2.c spells SentencePiece's "\xe2\x96\x81" as a space
        for (std::size_t c = 0; c < piece.size();) {
            if (piece.compare(c, 3, "\xe2\x96\x81") == 0)
                spaced += ' ', c += 3;
            else
                spaced += piece[c++];
        }
        piece = spaced;
        b.put(o.nanScore && i == 4 ? std::nanf("") : -static_cast<float>(i));
        b.put<std::int32_t>(i == 0 && o.firstLength ? *o.firstLength : static_cast<std::int32_t>(piece.size()));
        b.s += piece;
    }
    return b.s;
}

// ---------------------------------------------------------------- SentencePiece ModelProto
struct Proto {
    std::string s;
    void varint(std::uint64_t v)
    {
        while (v >= 0x80) {
            s.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        s.push_back(static_cast<char>(v));
    }
    void tag(std::uint32_t field, std::uint32_t type) { varint(static_cast<std::uint64_t>(field) << 3 | type); }
    void bytes(std::uint32_t field, std::string_view v)
    {
        tag(field, 2);
        varint(v.size());
        s.append(v);
    }
    void integer(std::uint32_t field, std::int64_t v)
    {
        tag(field, 0);
        varint(static_cast<std::uint64_t>(v));
    }
    void f32(std::uint32_t field, float v)
    {
        tag(field, 5);
        s.append(reinterpret_cast<const char*>(&v), 4);
    }
};

struct SpmPiece {
    std::string text;
    float score = 0;
    int type = 1; // NORMAL 1, UNKNOWN 2, CONTROL 3, USER_DEFINED 4, UNUSED 5, BYTE 6
};

inline std::vector<SpmPiece> tinySpmPieces()
{
    std::vector<SpmPiece> p;
    const auto& pieces = tinyPieces();
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        p.push_back({pieces[i], i < 3 ? 0.0f : -static_cast<float>(i), i == 0 ? 2 : i < 3 ? 3 : 1});
    }
    return p;
}

struct SpmOptions {
    std::vector<SpmPiece> pieces = tinySpmPieces();
    std::string charsMap; // normalizer_spec.precompiled_charsmap (none when empty)
    int modelType = 1;    // unigram
    std::int64_t unkId = 0, bosId = 1, eosId = 2;
};

inline std::string sentencePieceModel(const SpmOptions& o = {})
{
    Proto m;
    for (const auto& p : o.pieces) {
        Proto piece;
        piece.bytes(1, p.text);
        piece.f32(2, p.score);
        piece.integer(3, p.type);
        m.bytes(1, piece.s);
    }
    Proto trainer;
    trainer.integer(3, o.modelType);
    trainer.integer(4, static_cast<std::int64_t>(o.pieces.size()));
    trainer.integer(40, o.unkId);
    trainer.integer(41, o.bosId);
    trainer.integer(42, o.eosId);
    trainer.integer(43, -1);
    m.bytes(2, trainer.s);
    Proto normalizer;
    normalizer.bytes(1, o.charsMap.empty() ? "identity" : "custom");
    if (!o.charsMap.empty()) normalizer.bytes(2, o.charsMap);
    normalizer.integer(3, 1); // add_dummy_prefix
    normalizer.integer(4, 1); // remove_extra_whitespaces
    normalizer.integer(5, 1); // escape_whitespaces
    m.bytes(3, normalizer.s);
    return m.s;
}

// A precompiled_charsmap from darts-clone units and the replacement strings.
inline std::string charsMap(const std::vector<std::uint32_t>& units, const std::string& normalized,
                            std::optional<std::uint32_t> trieBytes = std::nullopt)
{
    Bytes b;
    b.put<std::uint32_t>(trieBytes.value_or(static_cast<std::uint32_t>(units.size() * 4)));
    for (auto u : units) b.put(u);
    return b.s + normalized;
}

// darts-clone units: offset field (bits 10..31, shifted by 8 when bit 9 is set), has_leaf
// (bit 8), label (bits 0..7); a value unit has bit 31 set.
inline std::uint32_t dartsUnit(std::uint32_t offset, bool leaf, std::uint32_t label)
{
    return (offset << 10) | (leaf ? 1u << 8 : 0u) | label;
}
inline std::uint32_t dartsValue(std::uint32_t value)
{
    return (1u << 31) | value;
}

// Two 256-unit blocks: the root (unit 0) points to base 256; from there input 'A' (unit 256^'A')
// leads to base 320, whose value unit maps to "a". Bytes other than 'A' match nothing. Units that
// darts-clone leaves unused carry labels that no input byte reaches.
inline std::vector<std::uint32_t> rulesAtoLower()
{
    std::vector<std::uint32_t> u(512, 0);
    for (std::uint32_t i = 256; i < 512; ++i) u[i] = ((i ^ 256) + 1) & 0xff; // reached on c, labelled c + 1
    u[0] = dartsUnit(256, false, 0);
    const std::uint32_t child = 256 ^ 'A', next = 320;
    u[child] = dartsUnit(child ^ next, true, 'A');
    u[next] = dartsValue(0);
    return u;
}

} // namespace spectro::hostile
