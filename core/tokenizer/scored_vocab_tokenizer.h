#pragma once
// The byte-pair encoder of llama2.c: split text into UTF-8 code points (bytes of unknown ones
// via <0xNN> pieces, or <unk> without byte fallback), then merge the adjacent pair whose union
// has the highest score until none is in the vocabulary. Used for llama2.c tokenizer.bin
// files and GGUF-embedded vocabularies.
#include <unordered_map>

#include "tokenizer/tokenizer.h"

namespace spectro {

struct EmbeddedVocabulary;
class MappedFile;

class ScoredVocabTokenizer : public Tokenizer {
public:
    // Pieces in SentencePiece spelling ("▁" for spaces).
    ScoredVocabTokenizer(std::vector<std::string> pieces, std::vector<float> scores, int bosId, int eosId, int unkId,
                         std::string source);

    static std::shared_ptr<const ScoredVocabTokenizer> fromLlama2cFile(const std::string& path);
    // The same from a file already mapped (or bytes in memory: the fuzz target).
    static std::shared_ptr<const ScoredVocabTokenizer> fromLlama2c(const MappedFile& file);
    static std::shared_ptr<const ScoredVocabTokenizer> fromEmbedded(const EmbeddedVocabulary& vocabulary,
                                                                    const std::string& source);

    std::vector<int> encode(std::string_view text, bool addBos = true) const override;
    std::string piece(int id) const override;
    int vocabSize() const override { return static_cast<int>(pieces_.size()); }
    int bosId() const override { return bos_; }
    int eosId() const override { return eos_; }
    std::string source() const override { return source_; }

private:
    int lookup(const std::string& piece) const;
    std::vector<std::string> pieces_;
    std::vector<float> scores_;
    std::unordered_map<std::string, int> ids_;
    int byteIds_[256];
    int bos_, eos_, unk_;
    std::string source_;
};

}  // namespace spectro
