#pragma once
// SentencePiece training for the trainer (core/train), run by the helper process like everything
// else of libsentencepiece (tokenizer/sentencepiece_process.h).
namespace spectro {

struct SentencePieceShim {
    // SentencePieceTrainer::Train(args) in a fresh helper; returns 0, or -1 with `error` set.
    int (*train)(const char* args, char* error, int errorCapacity);
};

const SentencePieceShim& sentencePieceShim();

}  // namespace spectro
