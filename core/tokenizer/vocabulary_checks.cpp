#include "tokenizer/vocabulary_checks.h"

#include "io/quoted.h"
#include "model/checkpoint.h"
#include "util/error.h"

#include <cmath>

namespace spectro {

void checkSpecialId(int id, int vocabSize, const std::string& field, const std::string& source)
{
    if (id < 0 || id >= vocabSize) {
        throw Error(source + ": " + field + " = " + std::to_string(id) + " lies outside the vocabulary of " +
                    std::to_string(vocabSize) + " pieces");
    }
}

void checkVocabulary(const EmbeddedVocabulary& v, const std::string& source)
{
    const auto n = static_cast<int>(v.pieces.size());
    if (v.pieces.empty() || v.pieces.size() > (1u << 22)) {
        throw Error(source + ": the vocabulary holds " + std::to_string(v.pieces.size()) +
                    " pieces (expected 1..4194304)");
    }
    for (std::size_t i = 0; i < v.pieces.size(); ++i) {
        if (v.pieces[i].size() > kMaxPieceBytes) {
            throw Error(source + ": piece " + std::to_string(i) + " is " + std::to_string(v.pieces[i].size()) +
                        " bytes long (at most " + std::to_string(kMaxPieceBytes) + ")");
        }
        if (i < v.scores.size() && !std::isfinite(v.scores[i])) {
            throw Error(source + ": piece " + std::to_string(i) + " " + quotedName(v.pieces[i]) +
                        " has a score that is not finite");
        }
        // llama.cpp's token types: 0 undefined, 1 normal, 2 unknown, 3 control, 4 user-defined,
        // 5 unused, 6 byte.
        if (i < v.types.size() && (v.types[i] < 0 || v.types[i] > 6)) {
            throw Error(source + ": piece " + std::to_string(i) + " has token type " + std::to_string(v.types[i]) +
                        " (expected 0..6)");
        }
    }
    checkSpecialId(v.bosId, n, "bos_token_id", source);
    checkSpecialId(v.eosId, n, "eos_token_id", source);
    checkSpecialId(v.unkId, n, "unknown_token_id", source);
}

} // namespace spectro
