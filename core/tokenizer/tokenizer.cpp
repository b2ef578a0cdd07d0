#include "tokenizer/tokenizer.h"

#include <algorithm>
#include <filesystem>

#include "model/checkpoint.h"
#include "tokenizer/bos_convention.h"
#include "tokenizer/scored_vocab_tokenizer.h"
#include "tokenizer/sentencepiece_tokenizer.h"
#include "util/error.h"

namespace spectro {
namespace fs = std::filesystem;

namespace {

int hexDigit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

}  // namespace

std::string Tokenizer::decode(int id) const
{
    const std::string p = piece(id);
    // A byte piece is "<0xNN>" with two hex digits; anything else spelled like one ("<0xZZ>",
    // "<0x-1>") is an ordinary piece.
    if (p.size() == 6 && p.starts_with("<0x") && p.back() == '>' && hexDigit(p[3]) >= 0 && hexDigit(p[4]) >= 0) {
        return std::string(1, static_cast<char>(hexDigit(p[3]) * 16 + hexDigit(p[4])));
    }
    if (p == "<s>" || p == "</s>" || p == "<unk>" || id == bosId() || id == eosId()) return {};
    std::string out;
    for (std::size_t i = 0; i < p.size();) {
        if (p.compare(i, 3, "\xe2\x96\x81") == 0) {
            out += ' ';
            i += 3;
        } else {
            out += p[i++];
        }
    }
    return out;
}

std::string Tokenizer::decode(const std::vector<int>& ids) const
{
    std::string out;
    for (int id : ids) out += decode(id);
    return out;
}

std::shared_ptr<const Tokenizer> openTokenizer(const std::string& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec)) throw Error(path + ": tokenizer file not found");
    if (path.ends_with(".model")) return std::make_shared<SentencePieceTokenizer>(path);
    return ScoredVocabTokenizer::fromLlama2cFile(path);
}

namespace {

std::vector<fs::path> candidateFiles(const Checkpoint& ckpt)
{
    const fs::path dir = fs::is_directory(ckpt.path) ? fs::path(ckpt.path) : fs::path(ckpt.path).parent_path();
    std::vector<fs::path> models, bins;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir.empty() ? "." : dir, ec)) {
        if (!entry.is_regular_file()) continue;
        const auto name = entry.path().filename().string();
        if (name.ends_with(".model")) models.push_back(entry.path());
        else if (name.ends_with(".bin") && (name.starts_with("tok") || name.starts_with("tokenizer"))) bins.push_back(entry.path());
    }
    auto byPreference = [](const fs::path& a, const fs::path& b) {
        const bool aDefault = a.stem() == "tokenizer", bDefault = b.stem() == "tokenizer";
        return aDefault != bDefault ? aDefault : a < b;
    };
    std::sort(models.begin(), models.end(), byPreference);
    std::sort(bins.begin(), bins.end(), byPreference);
    models.insert(models.end(), bins.begin(), bins.end());
    return models;
}

}  // namespace

std::string findTokenizerFile(const Checkpoint& ckpt)
{
    for (const auto& candidate : candidateFiles(ckpt)) {
        try {
            if (openTokenizer(candidate.string())->vocabSize() == ckpt.config.vocabSize) return candidate.string();
        } catch (const Error&) {
            // not a tokenizer, or a broken one: keep looking
        }
    }
    return {};
}

namespace {

std::shared_ptr<const Tokenizer> findVocabulary(const Checkpoint& ckpt, const std::string& explicitPath)
{
    if (!explicitPath.empty()) {
        auto tokenizer = openTokenizer(explicitPath);
        if (tokenizer->vocabSize() != ckpt.config.vocabSize) {
            throw Error(explicitPath + ": tokenizer has " + std::to_string(tokenizer->vocabSize()) +
                        " pieces but the model " + ckpt.path + " has a vocabulary of " +
                        std::to_string(ckpt.config.vocabSize));
        }
        return tokenizer;
    }
    if (ckpt.vocabulary) return ScoredVocabTokenizer::fromEmbedded(*ckpt.vocabulary, "gguf:" + ckpt.path);
    const auto file = findTokenizerFile(ckpt);
    return file.empty() ? nullptr : openTokenizer(file);
}

}  // namespace

std::shared_ptr<const Tokenizer> findTokenizer(const Checkpoint& ckpt, const std::string& explicitPath)
{
    auto tokenizer = findVocabulary(ckpt, explicitPath);
    if (!tokenizer || checkpointAddsBos(ckpt)) return tokenizer;
    return std::make_shared<BosConventionTokenizer>(
        tokenizer, false, ckpt.vocabulary ? "tokenizer.ggml.add_bos_token false" : "add_bos_token false");
}

std::string missingTokenizerReason(const Checkpoint& ckpt)
{
    if (!ckpt.tokenizerProblem.empty()) return ckpt.tokenizerProblem + "; give a tokenizer with --tokenizer";
    const fs::path dir(ckpt.path);
    if (ckpt.format == CheckpointFormat::HuggingFace && fs::exists(dir / "tokenizer.json") &&
        !fs::exists(dir / "tokenizer.model")) {
        return (dir / "tokenizer.model").string() +
               " is missing: the folder has only tokenizer.json (a fast tokenizer, such as LLaMa-3's byte-level "
               "BPE), which this build does not read; give a SentencePiece tokenizer with --tokenizer";
    }
    // A tokenizer file beside the model that could not be used says why (a downloaded file may be
    // broken or hostile), rather than the folder seeming to have none.
    for (const auto& candidate : candidateFiles(ckpt)) {
        try {
            const int pieces = openTokenizer(candidate.string())->vocabSize();
            if (pieces == ckpt.config.vocabSize) continue;
            return candidate.string() + ": tokenizer has " + std::to_string(pieces) + " pieces but the model " +
                   ckpt.path + " has a vocabulary of " + std::to_string(ckpt.config.vocabSize) +
                   "; give one with --tokenizer";
        } catch (const Error& e) {
            return std::string(e.what()) + " (the tokenizer beside the model; give another with --tokenizer)";
        }
    }
    return ckpt.path + ": no tokenizer found beside the model with " + std::to_string(ckpt.config.vocabSize) +
           " pieces; give one with --tokenizer";
}

}  // namespace spectro
