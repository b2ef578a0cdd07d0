#include "tokenizer/sentencepiece_tokenizer.h"

#include "io/regular_file.h"
#include "tokenizer/sentencepiece_model.h"
#include "tokenizer/sentencepiece_process.h"
#include "tokenizer/vocabulary_checks.h"
#include "util/error.h"

namespace spectro {

namespace {
// Meta's LLaMa tokenizer.model is 0.5 MB; the largest SentencePiece models in use are ~10 MB.
constexpr std::uint64_t kMaxModelBytes = 64u << 20;
}  // namespace

SentencePieceTokenizer::SentencePieceTokenizer(const std::string& path) : path_(path)
{
    const std::string bytes = readSmallFile(path, kMaxModelBytes, "SentencePiece model");
    const SentencePieceModelInfo info = checkSentencePieceModel(bytes, path);
    process_ = std::make_unique<SentencePieceProcess>(path);
    SentencePieceProcess::Model model;
    try {
        model = process_->load(bytes);
    } catch (const Error& e) {
        throw Error(std::string(e.what()) + " (not a SentencePiece model?)");
    }
    // What the library loaded must be what was checked.
    if (model.size != info.pieceCount || model.pieces.size() != static_cast<std::size_t>(model.size)) {
        throw Error(path + ": libsentencepiece reads " + std::to_string(model.size) + " pieces, the file holds " +
                    std::to_string(info.pieceCount));
    }
    // The analyses need a BoS token (the attention sink), and every id handed out must index the
    // embedding.
    checkSpecialId(model.bos, model.size, "the BoS piece's id", path);
    checkSpecialId(model.eos, model.size, "the EoS piece's id", path);
    size_ = model.size;
    bos_ = model.bos;
    eos_ = model.eos;
    pieces_ = std::move(model.pieces);
}

SentencePieceTokenizer::~SentencePieceTokenizer() = default;

std::vector<int> SentencePieceTokenizer::encode(std::string_view text, bool addBos) const
{
    std::vector<int> ids;
    if (addBos) ids.push_back(bos_);
    if (text.empty()) return ids;
    const std::vector<int> body = process_->encode(text);
    for (int id : body) {
        if (id < 0 || id >= size_) throw Error(path_ + ": libsentencepiece returned token id " + std::to_string(id) + " (corrupt model?)");
    }
    ids.insert(ids.end(), body.begin(), body.end());
    return ids;
}

std::string SentencePieceTokenizer::piece(int id) const
{
    if (id < 0 || id >= size_) throw Error(source() + ": token id " + std::to_string(id) + " is out of range");
    return pieces_[static_cast<std::size_t>(id)];
}

}  // namespace spectro
