#include "model/hf_config.h"

#include "io/safe_json.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

namespace spectro {
namespace {

using json = nlohmann::json;

// Reads the fields of one JSON object; every error names the file and the field's path.
class Fields {
public:
    Fields(const json& object, std::string source, std::string prefix = {})
        : j_(object), source_(std::move(source)), prefix_(std::move(prefix))
    {
    }

    // Present and not null: transformers treats null as absent.
    bool has(const char* key) const { return j_.contains(key) && !j_.at(key).is_null(); }
    const json& at(const char* key) const { return j_.at(key); }
    std::string name(const char* key) const { return prefix_ + key; }

    [[noreturn]] void fail(const char* key, const std::string& what) const
    {
        throw Error(source_ + ": field '" + name(key) + "' " + what);
    }
    [[noreturn]] void refuse(const char* key, const std::string& why) const
    {
        fail(key, "is " + at(key).dump() + "; " + why);
    }

    int integer(const char* key) const
    {
        if (!has(key)) fail(key, "is missing");
        const json& v = at(key);
        if (!v.is_number_integer()) fail(key, "must be an integer, got " + v.dump());
        return jsonInteger<int>(v, prefix_ + key, source_);  // no wrap: 2^32 + 64 is not 64
    }
    double number(const char* key) const
    {
        if (!has(key)) fail(key, "is missing");
        const json& v = at(key);
        if (!v.is_number()) fail(key, "must be a number, got " + v.dump());
        const double x = v.get<double>();
        if (!std::isfinite(x)) fail(key, "is not finite");
        return x;
    }
    bool boolean(const char* key, bool fallback) const
    {
        if (!has(key)) return fallback;
        if (!at(key).is_boolean()) fail(key, "must be true or false, got " + at(key).dump());
        return at(key).get<bool>();
    }
    std::string text(const char* key) const
    {
        if (!at(key).is_string()) fail(key, "must be a string, got " + at(key).dump());
        return at(key).get<std::string>();
    }
    // A token id, or the first of a list of them (LLaMa-3 lists several EoS ids).
    std::optional<int> tokenId(const char* key) const
    {
        if (!has(key)) return std::nullopt;
        const json& v = at(key);
        const json& first = v.is_array() && !v.empty() ? v.front() : v;
        if (!first.is_number_integer()) fail(key, "must be a token id, got " + v.dump());
        return jsonInteger<int>(first, prefix_ + key, source_);  // no wrap: 2^32 + 1 is not 1
    }

private:
    const json& j_;
    std::string source_, prefix_;
};

void checkArchitecture(const Fields& f)
{
    static const std::set<std::string> modelTypes = {"llama", "mistral"};
    // LLaMAForCausalLM: the spelling of the first LLaMa-1 conversions (transformers 4.28 dev).
    static const std::set<std::string> architectures = {"LlamaForCausalLM", "LLaMAForCausalLM", "MistralForCausalLM"};
    if (f.has("model_type") && !modelTypes.count(f.text("model_type"))) {
        f.refuse("model_type", "supported: \"llama\", \"mistral\"");
    }
    if (f.has("architectures")) {
        if (!f.at("architectures").is_array()) f.fail("architectures", "must be a list");
        for (const auto& a : f.at("architectures")) {
            if (!a.is_string() || !architectures.count(a.get<std::string>())) {
                f.refuse("architectures", "supported: LlamaForCausalLM, MistralForCausalLM");
            }
        }
    }
}

// Fields that ask for math the engine does not do. Refused rather than ignored: ignoring any of
// them would give a forward pass that runs and is wrong.
void refuseUnsupported(const Fields& f)
{
    if (f.boolean("attention_bias", false)) f.refuse("attention_bias", "bias vectors in attention are not supported");
    if (f.boolean("mlp_bias", false)) f.refuse("mlp_bias", "bias vectors in the MLP are not supported");
    if (f.has("hidden_act")) {
        const std::string act = f.text("hidden_act");
        if (act != "silu" && act != "swish") f.refuse("hidden_act", "only silu (SwiGLU) is supported");
    }
    for (const char* key : {"num_local_experts", "num_experts", "n_routed_experts"}) {
        if (f.has(key) && (!f.at(key).is_number() || f.at(key).get<double>() > 0)) {
            f.refuse(key, "mixture-of-experts layers are not supported");
        }
    }
    if (f.has("layer_types")) {
        if (!f.at("layer_types").is_array()) f.fail("layer_types", "must be a list");
        for (const auto& t : f.at("layer_types")) {
            if (t != "full_attention") f.refuse("layer_types", "only full_attention layers are supported");
        }
    }
    if (f.has("partial_rotary_factor") && f.number("partial_rotary_factor") != 1.0) {
        f.refuse("partial_rotary_factor", "RoPE on part of each head is not supported");
    }
}

void readHeads(const Fields& f, ModelConfig& c)
{
    c.nHeads = f.integer("num_attention_heads");
    if (f.has("num_key_value_heads")) {
        c.nKvHeads = f.integer("num_key_value_heads");
        c.sources["n_kv_heads"] = "num_key_value_heads";
    } else { // LlamaConfig: None means multi-head attention
        c.nKvHeads = c.nHeads;
        c.sources["n_kv_heads"] = "num_attention_heads (num_key_value_heads absent or null)";
    }
    if (f.has("head_dim")) {
        const int hd = f.integer("head_dim");
        if (hd <= 0) f.fail("head_dim", "must be positive");
        // transformers 5 writes head_dim even when it is hidden_size / heads; only a different
        // width (Mistral-style) is kept as explicit.
        if (c.nHeads <= 0 || c.dim % c.nHeads != 0 || hd != c.dim / c.nHeads) c.explicitHeadDim = hd;
        c.sources["head_dim"] = "head_dim";
    } else {
        c.sources["head_dim"] = "hidden_size / num_attention_heads";
    }
}

void readSlidingWindow(const Fields& f, ModelConfig& c)
{
    if (!f.has("sliding_window") || !f.boolean("use_sliding_window", true)) return;
    c.slidingWindow = f.integer("sliding_window");
    if (c.slidingWindow <= 0) f.fail("sliding_window", "must be positive");
    c.sources["sliding_window"] = "sliding_window";
}

// RoPE, as transformers 5's RotaryEmbeddingConfigMixin standardises it: the parameters are
// `rope_scaling` (4.x) or `rope_parameters` (5.x); their rope_theta wins over the top-level one
// (4.x), which wins over 10000; the type is `rope_type`, or the legacy `type`, or "default".
void readRope(const Fields& f, const std::string& file, ModelConfig& c)
{
    auto present = [&](const char* key) {
        if (!f.has(key)) return false;
        if (!f.at(key).is_object()) f.fail(key, "must be an object, got " + f.at(key).dump());
        return !f.at(key).empty();
    };
    const bool scaling = present("rope_scaling"), parameters = present("rope_parameters");
    if (scaling && parameters && f.at("rope_scaling") != f.at("rope_parameters")) {
        f.fail("rope_scaling", "and 'rope_parameters' are both set and differ (transformers 4 reads only the "
                               "first, 5 prefers it); keep one");
    }
    const char* dictKey = scaling ? "rope_scaling" : "rope_parameters";
    static const json none = json::object();
    const json& dict = scaling || parameters ? f.at(dictKey) : none;
    const Fields d(dict, file, std::string(dictKey) + ".");
    // transformers 5's per-layer-type form: {"full_attention": {...}, "sliding_attention": {...}}.
    if (!dict.empty() && std::all_of(dict.begin(), dict.end(), [](const json& v) { return v.is_object(); })) {
        f.refuse(dictKey, "one RoPE per layer type is not supported");
    }

    if (d.has("rope_theta")) {
        c.ropeTheta = d.number("rope_theta");
        c.sources["rope_theta"] = dictKey;
    } else if (f.has("rope_theta")) {
        c.ropeTheta = f.number("rope_theta");
        c.sources["rope_theta"] = "rope_theta";
    } else {
        c.ropeTheta = 10000.0;
        c.sources["rope_theta"] = "default 10000";
    }
    if (d.has("partial_rotary_factor") && d.number("partial_rotary_factor") != 1.0) {
        d.refuse("partial_rotary_factor", "RoPE on part of each head is not supported");
    }

    const char* typeKey = d.has("rope_type") ? "rope_type" : d.has("type") ? "type" : nullptr;
    const std::string type = typeKey ? d.text(typeKey) : "default";
    c.sources["rope_type"] = typeKey ? d.name(typeKey) : "default";
    if (type == "default") return;
    if (type == "linear") {
        c.rope.type = RopeType::Linear;
        c.rope.factor = d.number("factor");
    } else if (type == "llama3") {
        c.rope.type = RopeType::Llama3;
        c.rope.factor = d.number("factor");
        c.rope.lowFreqFactor = d.number("low_freq_factor");
        c.rope.highFreqFactor = d.number("high_freq_factor");
        // transformers gives a top-level original_max_position_embeddings priority (Phi-3's
        // spelling), then the dict's, then max_position_embeddings.
        if (f.has("original_max_position_embeddings")) {
            c.rope.originalMaxPositions = f.integer("original_max_position_embeddings");
        } else if (d.has("original_max_position_embeddings")) {
            c.rope.originalMaxPositions = d.integer("original_max_position_embeddings");
        } else {
            c.rope.originalMaxPositions = c.maxSeqLen;
        }
    } else {
        d.refuse(typeKey, "supported: default, linear, llama3 (dynamic, yarn, longrope and the others are not)");
    }
}

} // namespace

ModelConfig interpretHuggingFaceConfig(const json& j, const std::string& source)
{
    if (!j.is_object()) throw Error(source + ": expected a JSON object");
    const Fields f(j, source);
    checkArchitecture(f);
    refuseUnsupported(f);
    ModelConfig c;
    c.dim = f.integer("hidden_size");
    c.hiddenDim = f.integer("intermediate_size");
    c.nLayers = f.integer("num_hidden_layers");
    readHeads(f, c);
    c.vocabSize = f.integer("vocab_size");
    if (f.has("max_position_embeddings")) {
        c.maxSeqLen = f.integer("max_position_embeddings");
        c.sources["max_seq_len"] = "max_position_embeddings";
    } else {
        c.maxSeqLen = 2048; // LlamaConfig's default
        c.sources["max_seq_len"] = "default 2048";
    }
    if (f.has("rms_norm_eps")) {
        c.normEps = f.number("rms_norm_eps");
        c.sources["norm_eps"] = "rms_norm_eps";
    } else {
        c.normEps = 1e-6; // LlamaConfig's and MistralConfig's default
        c.sources["norm_eps"] = "default 1e-6";
    }
    c.tiedEmbeddings = f.boolean("tie_word_embeddings", false);
    if (auto id = f.tokenId("bos_token_id")) c.bosId = *id;
    if (auto id = f.tokenId("eos_token_id")) c.eosId = *id;
    readSlidingWindow(f, c);
    readRope(f, source, c);
    c.validate(source);
    return c;
}

} // namespace spectro
