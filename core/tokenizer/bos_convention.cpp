#include "tokenizer/bos_convention.h"

#include "model/checkpoint.h"
#include "util/error.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace spectro {
namespace fs = std::filesystem;

std::optional<bool> readAddBosToken(const std::string& directory)
{
    const fs::path path = fs::path(directory) / "tokenizer_config.json";
    if (!fs::is_regular_file(path)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path.string() + ": cannot open");
    std::ostringstream text;
    text << in.rdbuf();
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::exception& e) {
        throw Error(path.string() + ": invalid JSON: " + e.what());
    }
    if (!j.is_object() || !j.contains("add_bos_token") || j["add_bos_token"].is_null()) return std::nullopt;
    if (!j["add_bos_token"].is_boolean()) {
        throw Error(path.string() + ": field 'add_bos_token' must be true or false, got " + j["add_bos_token"].dump());
    }
    return j["add_bos_token"].get<bool>();
}

bool checkpointAddsBos(const Checkpoint& ckpt)
{
    if (ckpt.vocabulary) return ckpt.vocabulary->addBos;
    if (ckpt.format == CheckpointFormat::HuggingFace) return readAddBosToken(ckpt.path).value_or(true);
    return true;
}

BosConventionTokenizer::BosConventionTokenizer(std::shared_ptr<const Tokenizer> inner, bool addsBos, std::string why)
    : inner_(std::move(inner)), addsBos_(addsBos), why_(std::move(why))
{
}

std::vector<int> BosConventionTokenizer::encode(std::string_view text, bool addBos) const
{
    return inner_->encode(text, addBos && addsBos_);
}

std::string BosConventionTokenizer::source() const
{
    return inner_->source() + " (" + why_ + ")";
}

} // namespace spectro
