#pragma once
// Checks of a vocabulary that came from a file (a GGUF-embedded one, a llama2.c tokenizer.bin):
// special ids inside the vocabulary, finite scores, known piece types, pieces of sane length.
// A bos_token_id of 99999 in a 512-piece vocabulary would otherwise be a wild index into the
// embedding the first time a prompt is run.
#include <string>

namespace spectro {

struct EmbeddedVocabulary;

// The longest piece accepted (a real one is under 100 bytes; SentencePiece's own default cap is
// 16 characters). Longer pieces make libsentencepiece recurse per byte (its issue #1263).
constexpr std::size_t kMaxPieceBytes = 1024;

// Throws Error naming `source` and the first bad field.
void checkVocabulary(const EmbeddedVocabulary& vocabulary, const std::string& source);

// `id` (the field `field`) lies in [0, vocabSize).
void checkSpecialId(int id, int vocabSize, const std::string& field, const std::string& source);

} // namespace spectro
