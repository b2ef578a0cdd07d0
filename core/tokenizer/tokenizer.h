#pragma once
// Text <-> token ids. Three sources share this interface: SentencePiece .model files
// (libsentencepiece), llama2.c tokenizer.bin files and vocabularies embedded in GGUF files
// (both through the scored-vocabulary BPE of llama2.c, which matches SentencePiece BPE).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace spectro {

struct Checkpoint;

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    // Token ids of `text`, with the BoS id first when `addBos` is set. Empty text gives {BoS}
    // (or nothing without BoS).
    virtual std::vector<int> encode(std::string_view text, bool addBos = true) const = 0;
    // The piece as the vocabulary spells it ("▁the", "<0x0A>", "<s>").
    virtual std::string piece(int id) const = 0;
    virtual int vocabSize() const = 0;
    virtual int bosId() const = 0;
    virtual int eosId() const = 0;
    // Whether encode(text, true) starts with BoS: the model's convention (tokenizer/bos_convention.h).
    virtual bool addsBos() const { return true; }
    // Where it came from, for messages and cache metadata ("sentencepiece:/path/tok.model").
    virtual std::string source() const = 0;

    // The text a token stands for: "▁" becomes a space, byte pieces become their byte,
    // control pieces (<s>, </s>, <unk>) become nothing.
    std::string decode(int id) const;
    std::string decode(const std::vector<int>& ids) const;
};

// Opens a tokenizer file: SentencePiece for ".model", llama2.c format otherwise.
std::shared_ptr<const Tokenizer> openTokenizer(const std::string& path);

// The tokenizer for a checkpoint: `explicitPath` if given, else the vocabulary embedded in the
// file, else a tokenizer file beside the model (tokenizer.model, *.model, tokenizer.bin, tok*.bin)
// whose vocabulary size matches; with the model's BoS convention (add_bos_token). Throws Error
// when the explicit one does not match the model; returns nullptr when none is found.
std::shared_ptr<const Tokenizer> findTokenizer(const Checkpoint& checkpoint, const std::string& explicitPath = {});

// One line saying why findTokenizer found none: which file is missing (a Hugging Face folder with
// only tokenizer.json), the embedded vocabulary this build cannot encode, or that none was found.
std::string missingTokenizerReason(const Checkpoint& checkpoint);

// The tokenizer file findTokenizer would pick beside the model ("" when none), for convert.
std::string findTokenizerFile(const Checkpoint& checkpoint);

}  // namespace spectro
