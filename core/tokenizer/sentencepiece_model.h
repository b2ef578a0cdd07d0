#pragma once
// A SentencePiece .model file (a serialized protobuf ModelProto) checked before libsentencepiece
// sees it. The library trusts what it loads: a crafted normalizer charsmap steers its double-array
// trie walk out of bounds (upstream issues #1269, #1272, and #1267: more than 32 prefix matches
// overrun a stack buffer), an over-long piece makes it recurse per byte (#1263), more than 64
// nested user-defined symbols overrun another buffer (#1267). Debian ships 0.1.97, which has none
// of the upstream fixes, so every structure it would walk is checked here first; and the library
// itself runs in a helper process (tokenizer/sentencepiece_process.h), so that whatever this
// misses cannot take the app down.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace spectro {

struct SentencePieceModelInfo {
    int pieceCount = 0;
    int modelType = 1;                               // 1 unigram, 2 BPE, 3 word, 4 char
    int unkId = 0, bosId = 1, eosId = 2, padId = -1; // trainer_spec, as the file says
    bool byteFallback = false;
    bool hasCharsMap = false;
    // Where each precompiled_charsmap lies in the model (offset, length): for the fuzz target,
    // which replays the library's trie walks on them.
    std::vector<std::pair<std::size_t, std::size_t>> charsMaps;
};

// Checks the wire format and every field the library relies on; throws Error naming `source`,
// the field and the byte. Accepts what spm_train writes.
SentencePieceModelInfo checkSentencePieceModel(std::string_view model, const std::string& source);

// A precompiled_charsmap: [trie size u32][darts-clone double array][NUL-terminated strings].
// Checks that every walk libsentencepiece's normalizer can take over any input stays inside the
// array, finds at most 32 matches, and lands on a string inside the blob. `what` names it.
void checkPrecompiledCharsMap(std::string_view blob, const std::string& what);

namespace darts {
// One unit of a darts-clone double array (darts.h, DoubleArrayUnit), for the checks and for the
// fuzz target that replays the library's walk.
inline bool hasLeaf(std::uint32_t unit)
{
    return ((unit >> 8) & 1) == 1;
}
inline std::uint32_t value(std::uint32_t unit)
{
    return unit & ((1u << 31) - 1);
}
inline std::uint32_t label(std::uint32_t unit)
{
    return unit & ((1u << 31) | 0xFF);
}
inline std::uint32_t offset(std::uint32_t unit)
{
    return (unit >> 10) << ((unit & (1u << 9)) >> 6);
}
// SentencePiece's normalizer asks commonPrefixSearch for at most this many results.
constexpr int kMaxPrefixMatches = 32;
} // namespace darts

} // namespace spectro
