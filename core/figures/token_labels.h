#pragma once
// What a token axis shows: the ids of a sample and their display text ("·" for a space, "↵"
// for a newline, "<0x0A>" pieces decoded), from the cache's stored vocabulary or the model's
// tokenizer; "#id" when neither is known.
#include <string>
#include <vector>

namespace spectro {
class CacheReader;
class Tokenizer;
} // namespace spectro

namespace spectro::figures {

struct TokenLabels {
    std::vector<int> ids;
    std::vector<std::string> pieces; // [ids.size()], UTF-8 display text
    std::size_t size() const { return ids.size(); }
};

// The display text of one vocabulary piece: SentencePiece's "▁" becomes "·", control and byte
// pieces are spelled so that they are visible.
std::string displayPiece(const std::string& piece);

// Labels `ids` with `vocabulary` (piece i = id i); ids outside it become "#id".
TokenLabels labelTokens(std::vector<int> ids, const std::vector<std::string>& vocabulary);

// The labels of a sample of the cache: its /vocabulary, else `tokenizer` (caches written before
// the vocabulary was stored), else "#id".
TokenLabels cacheTokenLabels(const CacheReader& cache, int sample, const Tokenizer* tokenizer = nullptr);

} // namespace spectro::figures
