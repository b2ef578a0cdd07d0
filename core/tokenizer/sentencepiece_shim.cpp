#include "tokenizer/sentencepiece_shim.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "tokenizer/sentencepiece_process.h"
#include "util/error.h"

namespace spectro {
namespace {

int trainInHelper(const char* args, char* error, int errorCapacity)
{
    try {
        SentencePieceProcess helper("SentencePiece training");
        helper.train(args);
        return 0;
    } catch (const std::exception& e) {
        if (error && errorCapacity > 0) {
            const std::size_t n = std::min<std::size_t>(std::strlen(e.what()), static_cast<std::size_t>(errorCapacity - 1));
            std::memcpy(error, e.what(), n);
            error[n] = '\0';
        }
        return -1;
    }
}

}  // namespace

const SentencePieceShim& sentencePieceShim()
{
    static const SentencePieceShim shim{trainInHelper};
    return shim;
}

}  // namespace spectro
