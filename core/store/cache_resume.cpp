#include "store/cache_resume.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "io/safe_json.h"

namespace spectro {
namespace {

// Tokenizers are named by kind and file ("sentencepiece:/path/tokenizer.model"). The same file in
// another folder is the same tokenizer here: the weights' fingerprint has already matched, and
// every stored sample's tokens are compared with what the tokenizer gives now, so a model folder
// that moved (or an app installed elsewhere, whose demo cache names its old path) still resumes.
bool sameTokenizer(const std::string& stored, const std::string& wanted)
{
    if (stored == wanted) return true;
    const auto a = stored.find(':'), b = wanted.find(':');
    if (a == std::string::npos || b == std::string::npos || stored.compare(0, a, wanted, 0, b) != 0) return false;
    const auto fileA = std::filesystem::path(stored.substr(a + 1)).filename();
    const auto fileB = std::filesystem::path(wanted.substr(b + 1)).filename();
    return !fileA.empty() && fileA == fileB;
}

std::string optionMismatch(const std::string& stored, const std::string& wanted,
                           const std::vector<std::string>& extentKeys)
{
    // The cache's options come from a file: depth-limited and duplicate-free (io/safe_json.h),
    // since comparing and printing values below recurses.
    nlohmann::json a, b;
    try {
        a = parseJson(stored, "the cache's 'options' attribute");
    } catch (const Error&) {
        return "its 'options' attribute is not valid JSON";
    }
    try {
        b = parseJson(wanted, "the run's options");
    } catch (const Error&) {
        return "the run's options are not valid JSON";
    }
    if (!a.is_object()) return "its 'options' attribute is not a JSON object";
    if (!b.is_object()) return "the run's options are not a JSON object";
    const auto extent = [&](const std::string& key) {
        return std::find(extentKeys.begin(), extentKeys.end(), key) != extentKeys.end();
    };
    for (const auto& [key, value] : b.items()) {
        if (extent(key)) continue;
        if (!a.contains(key)) return "option '" + key + "' is absent in the cache, " + value.dump() + " now";
        if (a[key] != value)
            return "option '" + key + "' is " + a[key].dump() + " in the cache, " + value.dump() + " now";
    }
    for (const auto& [key, value] : a.items()) {
        if (!extent(key) && !b.contains(key))
            return "option '" + key + "' is " + value.dump() + " in the cache, absent now";
    }
    return {};
}

} // namespace

ResumePlan planResume(const CacheReader& cache, const CacheIdentity& wanted,
                      const std::vector<std::vector<int>>& sampleTokens, const std::vector<std::string>& extentKeys)
{
    ResumePlan plan;
    const std::string fingerprint = cache.attribute("model_fingerprint");
    if (fingerprint != wanted.modelFingerprint) {
        plan.mismatch = "made with other weights (fingerprint " + fingerprint + " in the cache, " +
                        wanted.modelFingerprint + " now)";
        return plan;
    }
    const std::string tokenizer = cache.attribute("tokenizer");
    if (!sameTokenizer(tokenizer, wanted.tokenizer)) {
        plan.mismatch = "made with another tokenizer (" + tokenizer + " in the cache, " + wanted.tokenizer + " now)";
        return plan;
    }
    plan.mismatch = optionMismatch(cache.attribute("options"), wanted.options, extentKeys);
    if (!plan.mismatch.empty()) return plan;

    const std::vector<int> stored = cache.sampleIndices();
    for (std::size_t i = 0; i < sampleTokens.size(); ++i) {
        const int index = static_cast<int>(i);
        if (!std::binary_search(stored.begin(), stored.end(), index)) {
            plan.missing.push_back(index);
            continue;
        }
        if (cache.tokens(index) != sampleTokens[i]) {
            plan.mismatch = "sample " + std::to_string(index) +
                            " in the cache has other tokens than the input gives now (was the input edited?)";
            plan.present.clear();
            plan.missing.clear();
            return plan;
        }
        plan.present.push_back(index);
    }
    return plan;
}

} // namespace spectro
