// spectro-fuzz-seeds OUT: writes one seed corpus per fuzz target under OUT/<target>/, from the
// hand-built files of tests/hostile_files.h (small, so that mutations are cheap) and the shared
// test models (real vocabularies, real headers). Nothing large is committed: the seeds are made
// at build time, from ../shared when it is there.
#include "hostile_files.h"
#include "workbench/session.h"

#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;
namespace h = spectro::hostile;

namespace {

void seed(const fs::path& out, const char* target, const char* name, const std::string& bytes)
{
    fs::create_directories(out / target);
    h::writeFile(out / target / name, bytes);
}

void shared(const fs::path& out, const char* target, const char* relative)
{
    const fs::path from = fs::path(SPECTRO_SHARED_DIR) / "models" / relative;
    std::error_code ec;
    if (!fs::exists(from, ec)) return;
    fs::create_directories(out / target);
    fs::copy_file(from, out / target / from.filename(), fs::copy_options::overwrite_existing, ec);
}

// llama2.c v1 (fp32) and v2 (Q8_0, group 8) exports of the tiny model, with the 256-byte header.
std::string llama2cVersioned(int version)
{
    h::Bytes b;
    b.put<std::uint32_t>(0x616b3432);
    b.put<std::int32_t>(version);
    for (std::int32_t v : {h::kDim, h::kHidden, h::kLayers, h::kHeads, h::kKvHeads, h::kVocab, h::kContext}) b.put(v);
    b.put<std::uint8_t>(1); // shared classifier
    if (version == 2) b.put<std::int32_t>(8);
    b.s.resize(256, '\0');
    const auto list = h::tinyTensors();
    auto tensor = [&](const std::string& hf) {
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (list[i].hf != hf) continue;
            const std::string values = h::tinyValues(list[i], i);
            if (version == 1 || list[i].norm) {
                b.s += values;
                return;
            }
            const std::size_t n = values.size() / 4;
            for (std::size_t k = 0; k < n; ++k) b.put<std::int8_t>(static_cast<std::int8_t>(k % 7));
            for (std::size_t g = 0; g < n / 8; ++g) b.put(0.01f);
        }
    };
    tensor("model.layers.0.input_layernorm.weight");
    tensor("model.layers.0.post_attention_layernorm.weight");
    tensor("model.norm.weight");
    tensor("model.embed_tokens.weight");
    for (const char* leaf : {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                             "mlp.gate_proj", "mlp.down_proj", "mlp.up_proj"}) {
        tensor(std::string("model.layers.0.") + leaf + ".weight");
    }
    return b.s;
}

// Sessions as the app saves them (saveSession), with the values of tests/core/test_session.cpp's
// fullSession: paths inside the session's folder (stored with a relative form) and outside it, a
// layout, open views and view settings; and the cache-only session with every default.
void sessions(const fs::path& out)
{
    namespace wb = spectro::workbench;
    const fs::path dir = out / "fuzz_session";
    fs::create_directories(dir);
    wb::Session full;
    full.modelPath = "/data/models/demo";
    full.cachePath = (dir / "runs/stories.h5").string();
    full.corpus = {(dir / "corpora/stories.jsonl").string(), "text", 12, 256};
    full.selection = {3, 17, 2, 5, 20, "embed", true};
    full.windowLayout = "AAAA/wAAAAD9AAAAAgAAAAAAAAE=";
    full.openViews = {"spectrum", "attention_received", "dark_ratio"};
    full.viewSettings = {{"spectrogram", "{\"fraction\":true,\"axis\":\"token\"}"}, {"dark_ratio", "{}"}};
    wb::saveSession(full, (dir / "full.spectro").string());
    wb::Session cacheOnly;
    cacheOnly.cachePath = (dir / "c.h5").string();
    wb::saveSession(cacheOnly, (dir / "cache-only.spectro").string());
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: spectro-fuzz-seeds OUT\n");
        return 1;
    }
    const fs::path out = argv[1];
    seed(out, "fuzz_gguf", "tiny.gguf", h::gguf());
    seed(out, "fuzz_gguf", "tiny-aligned.gguf", h::gguf([](auto& o) { o.alignment = 64; }));
    shared(out, "fuzz_gguf", "stories260K/stories260K.gguf");

    seed(out, "fuzz_safetensors", "tiny.safetensors", h::safetensors());
    seed(out, "fuzz_hf_index", "index.json",
         "{\"metadata\":{\"total_size\":1},\"weight_map\":{\"lm_head.weight\":\"model-00002-of-00002.safetensors\","
         "\"model.embed_tokens.weight\":\"model-00001-of-00002.safetensors\"}}");
    seed(out, "fuzz_hf_config", "tiny.json", h::tinyConfigJson());
    seed(out, "fuzz_hf_config", "llama-2-7b.json",
         "{\"architectures\":[\"LlamaForCausalLM\"],\"bos_token_id\":1,\"eos_token_id\":2,\"hidden_act\":\"silu\","
         "\"hidden_size\":4096,\"initializer_range\":0.02,\"intermediate_size\":11008,\"max_position_embeddings\":4096,"
         "\"model_type\":\"llama\",\"num_attention_heads\":32,\"num_hidden_layers\":32,\"num_key_value_heads\":32,"
         "\"pretraining_tp\":1,\"rms_norm_eps\":1e-05,\"rope_scaling\":null,\"tie_word_embeddings\":false,"
         "\"torch_dtype\":\"float16\",\"transformers_version\":\"4.31.0.dev0\",\"use_cache\":true,\"vocab_size\":"
         "32000}");

    seed(out, "fuzz_llama2c", "tiny-v0.bin", h::llama2c());
    seed(out, "fuzz_llama2c", "tiny-v1.bin", llama2cVersioned(1));
    seed(out, "fuzz_llama2c", "tiny-v2.bin", llama2cVersioned(2));
    shared(out, "fuzz_llama2c", "stories260K/stories260K_q80.bin");

    seed(out, "fuzz_tokenizer_bin", "tiny.bin", h::tokenizerBin());
    shared(out, "fuzz_tokenizer_bin", "stories260K/tok512.bin");

    seed(out, "fuzz_sentencepiece", "tiny.model", h::sentencePieceModel());
    h::SpmOptions mapped;
    mapped.charsMap = h::charsMap(h::rulesAtoLower(), std::string("a\0", 2));
    seed(out, "fuzz_sentencepiece", "tiny-charsmap.model", h::sentencePieceModel(mapped));
    shared(out, "fuzz_sentencepiece", "stories260K/tok512.model");
    shared(out, "fuzz_sentencepiece", "babyllama-tok105/tok105.model");

    sessions(out);
    return 0;
}
