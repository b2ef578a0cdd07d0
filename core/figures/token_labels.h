#pragma once
// What a token axis shows: the ids of a sample and their display text ("·" for a space, "↵"
// for a newline, "<0x0A>" pieces decoded), from the cache's stored vocabulary or the model's
// tokenizer; "#id" when neither is known.
#include <string>
#include <vector>

namespace spectro::figures {

struct TokenLabels {
    std::vector<int> ids;
    std::vector<std::string> pieces; // [ids.size()], UTF-8 display text
    std::size_t size() const { return ids.size(); }
};

// The display text of one vocabulary piece: SentencePiece's "▁" becomes "·", control and byte
// pieces are spelled so that they are visible.
std::string displayPiece(const std::string& piece);

}  // namespace spectro::figures
