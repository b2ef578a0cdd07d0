#pragma once
// A small independent GGUF v3 writer for the tests: metadata of every value type the loader
// reads, tensors in F32 / F16 / BF16 / Q8_0, and llamaGguf(), which writes a checkpoint the way
// llama.cpp's converter lays it out (canonical interleaved W_q / W_k, ggml's innermost-first shapes).
#include "model/checkpoint.h"
#include "model/dtype.h"

#include <QByteArray>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace spectro::test {

inline QByteArray encodeGgml(const std::vector<float>& values, std::uint32_t type)
{
    QByteArray out;
    if (type == 0) return QByteArray(reinterpret_cast<const char*>(values.data()), static_cast<int>(values.size() * 4));
    if (type == 1 || type == 30) {
        for (float v : values) {
            const std::uint16_t h = type == 1 ? floatToHalf(v) : floatToBf16(v);
            out.append(reinterpret_cast<const char*>(&h), 2);
        }
        return out;
    }
    for (std::size_t b = 0; b < values.size() / 32; ++b) { // Q8_0
        float amax = 0;
        for (int i = 0; i < 32; ++i) amax = std::max(amax, std::abs(values[b * 32 + i]));
        const float d = amax / 127.0f;
        const std::uint16_t dh = floatToHalf(d);
        out.append(reinterpret_cast<const char*>(&dh), 2);
        for (int i = 0; i < 32; ++i) {
            const auto q = static_cast<std::int8_t>(d == 0 ? 0 : std::lround(values[b * 32 + i] / d));
            out.append(static_cast<char>(q));
        }
    }
    return out;
}

inline std::string ggufName(const std::string& canonical)
{
    if (canonical == "token_embedding") return "token_embd.weight";
    if (canonical == "output_norm") return "output_norm.weight";
    if (canonical == "output") return "output.weight";
    static const std::map<std::string, std::string> leaves = {{"attention_norm", "attn_norm"},
                                                              {"wq", "attn_q"},
                                                              {"wk", "attn_k"},
                                                              {"wv", "attn_v"},
                                                              {"wo", "attn_output"},
                                                              {"ffn_norm", "ffn_norm"},
                                                              {"w1", "ffn_gate"},
                                                              {"w2", "ffn_down"},
                                                              {"w3", "ffn_up"}};
    const auto dot = canonical.find('.', 7);
    return "blk." + canonical.substr(7, dot - 7) + "." + leaves.at(canonical.substr(dot + 1)) + ".weight";
}

class GgufFile {
public:
    void kvU32(const std::string& k, std::uint32_t v) { key(k, 4), u32(v); }
    void kvF32(const std::string& k, float v) { key(k, 6), raw(&v, 4); }
    void kvBool(const std::string& k, bool v) { key(k, 7), kv_.append(static_cast<char>(v ? 1 : 0)); }
    void kvStr(const std::string& k, const std::string& v) { key(k, 8), str(kv_, v); }
    void kvU32Array(const std::string& k, const std::vector<std::uint32_t>& v)
    {
        key(k, 9), u32(4), u64(v.size());
        for (auto x : v) u32(x);
    }
    void kvStrArray(const std::string& k, const std::vector<std::string>& v)
    {
        key(k, 9), u32(8), u64(v.size());
        for (const auto& s : v) str(kv_, s);
    }
    // shape outermost first, as the canonical tensors; `type` a ggml type (0 F32, 1 F16, 8 Q8_0, 30 BF16).
    void tensor(const std::string& name, const std::vector<std::int64_t>& shape, std::uint32_t type,
                const std::vector<float>& values)
    {
        str(infos_, name);
        append(infos_, static_cast<std::uint32_t>(shape.size()));
        for (auto it = shape.rbegin(); it != shape.rend(); ++it) append(infos_, static_cast<std::uint64_t>(*it));
        append(infos_, type);
        append(infos_, static_cast<std::uint64_t>(data_.size()));
        data_ += encodeGgml(values, type);
        while (data_.size() % 32) data_.append('\0');
        ++tensors_;
    }
    QByteArray bytes() const
    {
        QByteArray out;
        append(out, std::uint32_t{0x46554747});
        append(out, std::uint32_t{3});
        append(out, tensors_);
        append(out, kvs_);
        out += kv_ + infos_;
        while (out.size() % 32) out.append('\0');
        return out + data_;
    }

private:
    template <typename T> static void append(QByteArray& b, T v)
    {
        b.append(reinterpret_cast<const char*>(&v), sizeof v);
    }
    static void str(QByteArray& b, const std::string& s)
    {
        append(b, static_cast<std::uint64_t>(s.size()));
        b.append(s.data(), static_cast<int>(s.size()));
    }
    void key(const std::string& k, std::uint32_t type)
    {
        str(kv_, k);
        u32(type);
        ++kvs_;
    }
    void u32(std::uint32_t v) { append(kv_, v); }
    void u64(std::uint64_t v) { append(kv_, v); }
    void raw(const void* p, int n) { kv_.append(static_cast<const char*>(p), n); }
    QByteArray kv_, infos_, data_;
    std::uint64_t kvs_ = 0, tensors_ = 0;
};

struct LlamaGgufOptions {
    std::uint32_t matrixType = 0;   // norms are always F32; Q8_0 falls back to F16 for rows not a multiple of 32
    bool freqBase = true;           // write llama.rope.freq_base (old converters did not)
    bool output = true;             // write output.weight (tied models may leave it out)
    bool headCountPerLayer = false; // llama.attention.head_count as one value per layer (newer architectures)
};

// The llama.* metadata of `c` and every tensor; callers add more keys before bytes().
inline GgufFile llamaGguf(const Checkpoint& c, const LlamaGgufOptions& options = {})
{
    const ModelConfig& m = c.config;
    GgufFile g;
    g.kvStr("general.architecture", "llama");
    g.kvU32("llama.embedding_length", static_cast<std::uint32_t>(m.dim));
    g.kvU32("llama.feed_forward_length", static_cast<std::uint32_t>(m.hiddenDim));
    g.kvU32("llama.block_count", static_cast<std::uint32_t>(m.nLayers));
    if (options.headCountPerLayer) {
        g.kvU32Array("llama.attention.head_count", std::vector<std::uint32_t>(static_cast<std::size_t>(m.nLayers),
                                                                              static_cast<std::uint32_t>(m.nHeads)));
    } else {
        g.kvU32("llama.attention.head_count", static_cast<std::uint32_t>(m.nHeads));
    }
    g.kvU32("llama.attention.head_count_kv", static_cast<std::uint32_t>(m.nKvHeads));
    g.kvU32("llama.context_length", static_cast<std::uint32_t>(m.maxSeqLen));
    g.kvU32("llama.vocab_size", static_cast<std::uint32_t>(m.vocabSize));
    g.kvF32("llama.attention.layer_norm_rms_epsilon", static_cast<float>(m.normEps));
    if (options.freqBase) g.kvF32("llama.rope.freq_base", static_cast<float>(m.ropeTheta));
    if (m.explicitHeadDim > 0) {
        g.kvU32("llama.attention.key_length", static_cast<std::uint32_t>(m.explicitHeadDim));
        g.kvU32("llama.attention.value_length", static_cast<std::uint32_t>(m.explicitHeadDim));
    }
    for (const auto& [name, t] : c.tensors) {
        if (name == "output" && !options.output) continue;
        std::uint32_t type = t.shape.size() == 1 ? 0 : options.matrixType;
        if (type == 8 && t.shape.back() % 32 != 0) type = 1;
        g.tensor(ggufName(name), t.shape, type, t.toFloat());
    }
    return g;
}

} // namespace spectro::test
