#pragma once
// Trains a SentencePiece BPE tokenizer with byte fallback, as LLaMa-2's: every byte sequence is
// encodable, whitespace is kept as is (code indentation matters), digits are split. Runs in the
// SentencePiece module (libspectro_spm.so), the only code that may link libsentencepiece_train.
#include <string>
#include <vector>

namespace spectro {

struct CorpusFile;

// Writes `modelPath` (a .model file). Throws Error with SentencePiece's message on failure.
void trainSentencePiece(const std::vector<CorpusFile>& corpus, int vocabSize, const std::string& modelPath);

}  // namespace spectro
