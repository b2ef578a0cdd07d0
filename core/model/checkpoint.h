#pragma once
// Every checkpoint format is normalised to one internal model: a ModelConfig plus tensors under
// canonical names (below) in a canonical layout. Layout conventions (also docs/formats.md):
//  - matrices are row-major [out][in], as in llama2.c (y = W x);
//  - W_q and W_k use the interleaved RoPE layout (adjacent pairs x[2i], x[2i+1] rotate together),
//    as llama2.c and GGUF store them. Hugging Face checkpoints use the "rotate half" layout and
//    are un-permuted at load time (model/rope_layout.h);
//  - "output" (W_u) is present even when tied: it then shares the embedding's bytes.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/model_config.h"
#include "model/raw_tensor.h"

namespace spectro {

enum class CheckpointFormat { Llama2cV0, Llama2cV1, Llama2cV2, Gguf, HuggingFace };
std::string formatName(CheckpointFormat format);

// A vocabulary that came inside the checkpoint (GGUF), for the scored-vocabulary tokenizer.
struct EmbeddedVocabulary {
    std::vector<std::string> pieces;  // SentencePiece spelling: "▁" for a space, "<0x0A>" for bytes
    std::vector<float> scores;
    std::vector<int> types;           // SentencePiece piece types (1 normal, 2 unknown, 3 control, 6 byte)
    int bosId = 1, eosId = 2, unkId = 0;
    bool addBos = true;  // tokenizer.ggml.add_bos_token
};

struct Checkpoint {
    std::string path;
    CheckpointFormat format = CheckpointFormat::Llama2cV0;
    ModelConfig config;
    std::map<std::string, RawTensor> tensors;
    std::optional<EmbeddedVocabulary> vocabulary;
    std::string storedDType;  // what the file stores: f32, f16, bf16, q8_0 or mixed
    // Why the checkpoint's own tokenizer cannot be used (an embedded BPE vocabulary), for the
    // message when one is needed; "" when there is none or it is usable.
    std::string tokenizerProblem;

    const RawTensor& tensor(const std::string& name) const;
};

// Canonical names: "token_embedding", "output_norm", "output", and per layer l
// "layers.l.attention_norm", "layers.l.wq", ".wk", ".wv", ".wo", "layers.l.ffn_norm",
// "layers.l.w1" (gate), ".w2" (down), ".w3" (up).
std::string layerTensorName(int layer, const char* leaf);

struct TensorSpec {
    std::string name;
    std::vector<std::int64_t> shape;
};
// The tensors a model with this config must have, with their shapes.
std::vector<TensorSpec> expectedTensors(const ModelConfig& config);

// Checks that `checkpoint.tensors` holds exactly expectedTensors(config): throws Error naming the
// file and the first missing, extra or mis-shaped tensor (expected vs found shape).
void checkTensors(const Checkpoint& checkpoint);

}  // namespace spectro
