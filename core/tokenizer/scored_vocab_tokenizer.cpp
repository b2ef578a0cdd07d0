#include "tokenizer/scored_vocab_tokenizer.h"

#include <cstdio>
#include <cstring>

#include "io/byte_reader.h"
#include "io/mapped_file.h"
#include "model/checkpoint.h"
#include "tokenizer/vocabulary_checks.h"
#include "util/error.h"

namespace spectro {
namespace {

const std::string kSpace = "\xe2\x96\x81";  // U+2581, SentencePiece's visible space

std::string replaceAll(std::string s, const std::string& from, const std::string& to)
{
    for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
        s.replace(pos, from.size(), to);
    }
    return s;
}

}  // namespace

ScoredVocabTokenizer::ScoredVocabTokenizer(std::vector<std::string> pieces, std::vector<float> scores, int bosId,
                                           int eosId, int unkId, std::string source)
    : pieces_(std::move(pieces)), scores_(std::move(scores)), bos_(bosId), eos_(eosId), unk_(unkId),
      source_(std::move(source))
{
    scores_.resize(pieces_.size(), 0.0f);
    for (int i = 0; i < static_cast<int>(pieces_.size()); ++i) ids_.emplace(pieces_[static_cast<std::size_t>(i)], i);
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        byteIds_[b] = lookup(name);
    }
}

int ScoredVocabTokenizer::lookup(const std::string& piece) const
{
    auto it = ids_.find(piece);
    return it == ids_.end() ? -1 : it->second;
}

std::shared_ptr<const ScoredVocabTokenizer> ScoredVocabTokenizer::fromLlama2cFile(const std::string& path)
{
    return fromLlama2c(*MappedFile::open(path));
}

std::shared_ptr<const ScoredVocabTokenizer> ScoredVocabTokenizer::fromLlama2c(const MappedFile& file)
{
    const std::string& path = file.path();
    ByteReader in(file);
    const auto maxTokenLength = in.read<std::int32_t>("max_token_length");
    if (maxTokenLength <= 0 || maxTokenLength > 4096) {
        throw Error(path + ": field 'max_token_length' = " + std::to_string(maxTokenLength) +
                    " is invalid; not a llama2.c tokenizer");
    }
    std::vector<std::string> pieces;
    std::vector<float> scores;
    while (in.remaining() > 0) {
        const std::string field = "token " + std::to_string(pieces.size());
        if (pieces.size() >= (1u << 22)) throw Error(path + ": holds more than 4194304 tokens; not a llama2.c tokenizer");
        scores.push_back(in.read<float>(field + " score"));
        const auto length = in.read<std::int32_t>(field + " length");
        if (length < 0 || length > maxTokenLength + 8) {
            throw Error(path + ": " + field + " has length " + std::to_string(length) + " (max_token_length " +
                        std::to_string(maxTokenLength) + "); not a llama2.c tokenizer");
        }
        std::string piece = in.readBytes(static_cast<std::uint64_t>(length), field);
        // llama2.c spells the control pieces "\n<s>\n" and the SentencePiece space as ' '.
        if (piece == "\n<s>\n" || piece == "\n</s>\n") piece = piece.substr(1, piece.size() - 2);
        pieces.push_back(replaceAll(piece, " ", kSpace));
    }
    if (pieces.size() < 3) throw Error(path + ": holds only " + std::to_string(pieces.size()) + " tokens");
    EmbeddedVocabulary v;
    v.pieces = std::move(pieces);
    v.scores = std::move(scores);
    checkVocabulary(v, path);  // llama2.c's fixed ids: unk 0, bos 1, eos 2
    return std::make_shared<ScoredVocabTokenizer>(std::move(v.pieces), std::move(v.scores), 1, 2, 0, "llama2c:" + path);
}

std::shared_ptr<const ScoredVocabTokenizer> ScoredVocabTokenizer::fromEmbedded(const EmbeddedVocabulary& v,
                                                                              const std::string& source)
{
    checkVocabulary(v, source);
    return std::make_shared<ScoredVocabTokenizer>(v.pieces, v.scores, v.bosId, v.eosId, v.unkId, source);
}

std::vector<int> ScoredVocabTokenizer::encode(std::string_view text, bool addBos) const
{
    std::vector<int> tokens;
    if (addBos) tokens.push_back(bos_);
    if (text.empty()) return tokens;
    const std::size_t first = tokens.size();
    // SentencePiece's add_dummy_prefix: the text is read as if it began with a space.
    const std::string spaced = kSpace + replaceAll(std::string(text), " ", kSpace);
    for (std::size_t i = 0; i < spaced.size();) {
        const auto lead = static_cast<unsigned char>(spaced[i]);
        std::size_t len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3 : (lead >> 3) == 0x1e ? 4 : 1;
        len = std::min(len, spaced.size() - i);
        const std::string codepoint = spaced.substr(i, len);
        const int id = lookup(codepoint);
        if (id >= 0) {
            tokens.push_back(id);
        } else {
            for (char c : codepoint) {
                const int byteId = byteIds_[static_cast<unsigned char>(c)];
                tokens.push_back(byteId >= 0 ? byteId : unk_);
                if (byteId < 0) break;  // without byte fallback an unknown character is one <unk>
            }
        }
        i += len;
    }
    // Greedy merges: always the best-scoring pair, as SentencePiece BPE does.
    while (true) {
        float bestScore = -1e30f;
        int bestId = -1;
        std::size_t bestIndex = 0;
        for (std::size_t i = first; i + 1 < tokens.size(); ++i) {
            const int id = lookup(pieces_[static_cast<std::size_t>(tokens[i])] + pieces_[static_cast<std::size_t>(tokens[i + 1])]);
            if (id >= 0 && scores_[static_cast<std::size_t>(id)] > bestScore) {
                bestScore = scores_[static_cast<std::size_t>(id)];
                bestId = id;
                bestIndex = i;
            }
        }
        if (bestId < 0) break;
        tokens[bestIndex] = bestId;
        tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(bestIndex) + 1);
    }
    return tokens;
}

std::string ScoredVocabTokenizer::piece(int id) const
{
    if (id < 0 || id >= vocabSize()) throw Error(source_ + ": token id " + std::to_string(id) + " is out of range");
    return pieces_[static_cast<std::size_t>(id)];
}

}  // namespace spectro
