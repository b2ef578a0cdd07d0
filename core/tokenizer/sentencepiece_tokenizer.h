#pragma once
// SentencePiece .model files, encoded by libsentencepiece itself, so that ids match the
// reference implementation. The model is read once (a regular file of at most 64 MiB), checked
// (tokenizer/sentencepiece_model.h) and handed as bytes to the library, which runs in a helper
// process (tokenizer/sentencepiece_process.h).
#include <memory>

#include "tokenizer/tokenizer.h"

namespace spectro {

class SentencePieceProcess;

class SentencePieceTokenizer : public Tokenizer {
public:
    explicit SentencePieceTokenizer(const std::string& path);
    ~SentencePieceTokenizer() override;
    SentencePieceTokenizer(const SentencePieceTokenizer&) = delete;
    SentencePieceTokenizer& operator=(const SentencePieceTokenizer&) = delete;

    std::vector<int> encode(std::string_view text, bool addBos = true) const override;
    std::string piece(int id) const override;
    int vocabSize() const override { return size_; }
    int bosId() const override { return bos_; }
    int eosId() const override { return eos_; }
    std::string source() const override { return "sentencepiece:" + path_; }

private:
    std::string path_;
    std::unique_ptr<SentencePieceProcess> process_;
    int size_ = 0, bos_ = 1, eos_ = 2;
    std::vector<std::string> pieces_;
};

}  // namespace spectro
