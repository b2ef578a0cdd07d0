#pragma once
// Whether a model's sequences start with BoS is the model's convention, not the vocabulary's:
// Hugging Face folders say it in tokenizer_config.json (`add_bos_token`, LlamaTokenizer's default
// true), GGUF files in `tokenizer.ggml.add_bos_token`. A model trained without BoS and run with
// it gives the wrong numbers at every position, so the convention is carried by the tokenizer.
#include "tokenizer/tokenizer.h"

#include <memory>
#include <optional>
#include <string>

namespace spectro {

struct Checkpoint;

// add_bos_token from `directory`/tokenizer_config.json; nullopt when the file or the field is
// absent. Throws Error naming the file when it is not valid JSON or the field is not a boolean.
std::optional<bool> readAddBosToken(const std::string& directory);

// The checkpoint's convention: its embedded vocabulary's flag (GGUF) or its folder's
// tokenizer_config.json (Hugging Face); true when neither says.
bool checkpointAddsBos(const Checkpoint& checkpoint);

// A tokenizer whose encode(text, true) adds BoS only when `addsBos` is set.
class BosConventionTokenizer : public Tokenizer {
public:
    BosConventionTokenizer(std::shared_ptr<const Tokenizer> inner, bool addsBos, std::string why);

    std::vector<int> encode(std::string_view text, bool addBos = true) const override;
    std::string piece(int id) const override { return inner_->piece(id); }
    int vocabSize() const override { return inner_->vocabSize(); }
    int bosId() const override { return inner_->bosId(); }
    int eosId() const override { return inner_->eosId(); }
    bool addsBos() const override { return addsBos_; }
    std::string source() const override;

private:
    std::shared_ptr<const Tokenizer> inner_;
    bool addsBos_;
    std::string why_;
};

} // namespace spectro
