#include "train/tokenizer_training.h"

#include <filesystem>
#include <fstream>

#include "tokenizer/sentencepiece_shim.h"
#include "train/corpus_documents.h"
#include "util/error.h"

namespace spectro {
namespace fs = std::filesystem;

void trainSentencePiece(const std::vector<CorpusFile>& corpus, int vocabSize, const std::string& modelPath)
{
    if (!modelPath.ends_with(".model")) throw Error(modelPath + ": a SentencePiece model path must end in .model");
    const std::string prefix = modelPath.substr(0, modelPath.size() - 6);
    // SentencePiece splits its argument string on spaces.
    if (prefix.find(' ') != std::string::npos) throw Error(modelPath + ": the output path must not contain spaces");

    // SentencePiece reads sentences line by line; newlines themselves become byte pieces.
    const std::string input = prefix + "-input.txt";
    if (input.find(' ') != std::string::npos) throw Error(input + ": the path must not contain spaces");
    {
        std::ofstream out(input, std::ios::binary);
        if (!out) throw Error(input + ": cannot write the tokenizer's training text");
        for (const auto& file : corpus) {
            for (const auto& doc : file.documents) {
                std::size_t start = 0;
                while (start < doc.size()) {
                    const std::size_t end = std::min(doc.find('\n', start), doc.size());
                    if (end > start) out.write(doc.data() + start, static_cast<std::streamsize>(end - start)) << '\n';
                    start = end + 1;
                }
            }
        }
        if (!out) throw Error(input + ": write failed");
    }
    const std::string args = "--input=" + input + " --model_prefix=" + prefix + " --vocab_size=" + std::to_string(vocabSize) +
                             " --model_type=bpe --byte_fallback=true --character_coverage=0.9995"
                             " --split_digits=true --allow_whitespace_only_pieces=true --remove_extra_whitespaces=false"
                             " --normalization_rule_name=identity --max_sentence_length=65536 --input_sentence_size=0"
                             " --hard_vocab_limit=false --num_threads=1 --unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1"
                             "";
    char error[1024] = {};
    const int rc = sentencePieceShim().train(args.c_str(), error, sizeof error);
    std::error_code ec;
    fs::remove(input, ec);
    fs::remove(prefix + ".vocab", ec);
    if (rc != 0) throw Error(modelPath + ": training the SentencePiece tokenizer failed: " + error);
}

}  // namespace spectro
