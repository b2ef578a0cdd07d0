#include "figures/token_labels.h"

#include <cstdio>

namespace spectro::figures {
namespace {

const std::string kSpace = "\u00b7";   // ·
const std::string kNewline = "\u21b5"; // ↵
const std::string kTab = "\u21e5";     // ⇥

std::string byteName(unsigned char byte)
{
    char text[8];
    std::snprintf(text, sizeof text, "<0x%02X>", byte);
    return text;
}

// One byte as it is shown: visible stand-ins for white space, itself when printable ASCII,
// its <0xNN> spelling otherwise (a lone byte of a multi-byte character cannot be shown).
std::string showByte(unsigned char byte)
{
    if (byte == ' ') return kSpace;
    if (byte == '\n') return kNewline;
    if (byte == '\t') return kTab;
    if (byte > 0x20 && byte < 0x7f) return std::string(1, static_cast<char>(byte));
    return byteName(byte);
}

// "<0xNN>": SentencePiece's byte-fallback pieces.
bool isBytePiece(const std::string& piece, unsigned& byte)
{
    if (piece.size() != 6 || piece.compare(0, 3, "<0x") != 0 || piece[5] != '>') return false;
    return std::sscanf(piece.c_str() + 3, "%2X", &byte) == 1;
}

// Length of the valid UTF-8 sequence starting at s[i], 0 when it is not one.
std::size_t utf8Length(const std::string& s, std::size_t i)
{
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return 0;
    return n;
}

} // namespace

std::string displayPiece(const std::string& piece)
{
    if (piece.empty()) return "\u2205"; // ∅: an empty piece still needs a visible label
    unsigned byte = 0;
    if (isBytePiece(piece, byte)) return showByte(static_cast<unsigned char>(byte));
    std::string out;
    for (std::size_t i = 0; i < piece.size();) {
        if (piece.compare(i, 3, "\u2581") == 0) { // SentencePiece's word-start marker
            out += kSpace;
            i += 3;
            continue;
        }
        const std::size_t n = utf8Length(piece, i);
        if (n == 0) {
            out += byteName(static_cast<unsigned char>(piece[i])); // not UTF-8: spell the byte
            ++i;
            continue;
        }
        if (n == 1)
            out += showByte(static_cast<unsigned char>(piece[i]));
        else
            out.append(piece, i, n);
        i += n;
    }
    return out;
}

TokenLabels labelTokens(std::vector<int> ids, const std::vector<std::string>& vocabulary)
{
    TokenLabels labels;
    labels.pieces.reserve(ids.size());
    for (int id : ids) {
        const bool known = id >= 0 && static_cast<std::size_t>(id) < vocabulary.size();
        std::string unknown = "#"; // (not "#" + to_string: GCC 12 warns falsely about that one)
        if (!known) unknown += std::to_string(id);
        labels.pieces.push_back(known ? displayPiece(vocabulary[static_cast<std::size_t>(id)]) : unknown);
    }
    labels.ids = std::move(ids);
    return labels;
}

} // namespace spectro::figures
