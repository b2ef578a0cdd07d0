#include "tokenizer/sentencepiece_tokenizer.h"

#include <filesystem>
#include <mutex>

#include "tokenizer/sentencepiece_shim.h"
#include "util/error.h"

namespace spectro {

SentencePieceTokenizer::SentencePieceTokenizer(const std::string& path) : path_(path)
{
    if (!std::filesystem::is_regular_file(path)) throw Error(path + ": tokenizer file not found");
    const auto& shim = sentencePieceShim();
    char error[512] = {};
    handle_ = shim.open(path.c_str(), error, sizeof error);
    if (!handle_) throw Error(path + ": not a SentencePiece model: " + error);
    size_ = shim.size(handle_);
    bos_ = shim.bos(handle_);
    eos_ = shim.eos(handle_);
    pieces_.reserve(static_cast<std::size_t>(size_));
    std::string buffer(256, '\0');
    for (int id = 0; id < size_; ++id) {
        int n = shim.piece(handle_, id, buffer.data(), static_cast<int>(buffer.size()));
        if (n > static_cast<int>(buffer.size())) {
            buffer.resize(static_cast<std::size_t>(n));
            n = shim.piece(handle_, id, buffer.data(), n);
        }
        pieces_.emplace_back(buffer.data(), static_cast<std::size_t>(n));
    }
}

SentencePieceTokenizer::~SentencePieceTokenizer()
{
    if (handle_) sentencePieceShim().close(handle_);
}

std::vector<int> SentencePieceTokenizer::encode(std::string_view text, bool addBos) const
{
    std::vector<int> ids;
    if (addBos) ids.push_back(bos_);
    if (text.empty()) return ids;
    const auto& shim = sentencePieceShim();
    std::vector<int> body(text.size() + 16);
    char error[512] = {};
    const int n = shim.encode(handle_, text.data(), static_cast<int>(text.size()), body.data(),
                              static_cast<int>(body.size()), error, sizeof error);
    if (n < 0) throw Error(path_ + ": cannot encode text: " + error);
    if (n > static_cast<int>(body.size())) throw Error(path_ + ": more tokens than bytes (corrupt model?)");
    ids.insert(ids.end(), body.begin(), body.begin() + n);
    return ids;
}

std::string SentencePieceTokenizer::piece(int id) const
{
    if (id < 0 || id >= size_) throw Error(source() + ": token id " + std::to_string(id) + " is out of range");
    return pieces_[static_cast<std::size_t>(id)];
}

}  // namespace spectro
