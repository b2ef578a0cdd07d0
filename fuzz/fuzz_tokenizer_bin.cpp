// llama2.c tokenizer.bin: max_token_length, then (score, length, bytes) per piece; the resulting
// tokenizer must encode and decode text without reading outside its vocabulary.
#include "fuzz_support.h"
#include "io/mapped_file.h"
#include "tokenizer/scored_vocab_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace spectro;
    fuzz::refusedOrAccepted("tokenizer.bin", [&] {
        const auto tok =
            ScoredVocabTokenizer::fromLlama2c(*MappedFile::fromBytes("tokenizer.bin", fuzz::bytes(data, size)));
        const std::string text = fuzz::bytes(data, std::min<std::size_t>(size, 64));
        for (int id : tok->encode(text)) tok->decode(id);
    });
    return 0;
}
