#include "corpus/samples.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "corpus/json_lines.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"
#include "util/log.h"

namespace spectro {

std::string readTextFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open text file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

namespace {

void checkMaxTokens(int maxTokens)
{
    if (maxTokens < 2) throw Error("max-tokens must be at least 2 (BoS and one token)");
}

std::string describeCut(std::size_t had, int kept) { return std::to_string(had) + " tokens, kept the first " + std::to_string(kept); }

}  // namespace

std::vector<TextSample> samplesFromTextFile(const std::string& path, const Tokenizer& tokenizer, int maxTokens,
                                            int maxSamples)
{
    checkMaxTokens(maxTokens);
    const std::string text = readTextFile(path);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw Error(path + ": the text is empty");
    const std::vector<int> stream = tokenizer.encode(text, false);
    // Each window starts as the model's sequences do: with BoS unless its add_bos_token is false.
    const bool bos = tokenizer.addsBos();
    const std::size_t window = static_cast<std::size_t>(maxTokens - (bos ? 1 : 0));
    std::vector<TextSample> samples;
    for (std::size_t start = 0; start < stream.size() && static_cast<int>(samples.size()) < maxSamples; start += window) {
        TextSample s;
        if (bos) s.tokens.push_back(tokenizer.bosId());
        const std::size_t end = std::min(stream.size(), start + window);
        s.tokens.insert(s.tokens.end(), stream.begin() + static_cast<std::ptrdiff_t>(start), stream.begin() + static_cast<std::ptrdiff_t>(end));
        for (std::size_t i = start; i < end; ++i) s.text += tokenizer.decode(stream[i]);
        if (s.tokens.size() < 2) break;
        samples.push_back(std::move(s));
    }
    return samples;
}

std::vector<TextSample> samplesFromJsonl(const std::string& path, const std::string& field, const Tokenizer& tokenizer,
                                         int maxTokens, int maxSamples)
{
    checkMaxTokens(maxTokens);
    std::ifstream in(path);
    if (!in) throw Error(path + ": cannot open JSON-lines file");
    std::vector<TextSample> samples;
    int truncated = 0;
    forEachJsonObject(in, path, [&](const nlohmann::json& j, int lineNo) {
        if (!j.contains(field)) throw Error(path + ":" + std::to_string(lineNo) + ": field '" + field + "' is missing");
        if (!j[field].is_string()) throw Error(path + ":" + std::to_string(lineNo) + ": field '" + field + "' is not a string");
        TextSample s;
        s.text = j[field].get<std::string>();
        if (s.text.empty()) return true;
        s.tokens = tokenizer.encode(s.text, true);
        if (static_cast<int>(s.tokens.size()) > maxTokens) {
            s.tokens.resize(static_cast<std::size_t>(maxTokens));
            ++truncated;
        }
        samples.push_back(std::move(s));
        return static_cast<int>(samples.size()) < maxSamples;
    });
    if (samples.empty()) throw Error(path + ": no non-empty '" + field + "' values found");
    if (truncated > 0) {
        warn(path + ": " + std::to_string(truncated) + " sample(s) longer than " + std::to_string(maxTokens) +
             " tokens were truncated");
    }
    return samples;
}

TextSample sampleFromPrompt(const std::string& prompt, const Tokenizer& tokenizer, int maxTokens)
{
    checkMaxTokens(maxTokens);
    TextSample s;
    s.text = prompt;
    s.tokens = tokenizer.encode(prompt, true);
    if (static_cast<int>(s.tokens.size()) > maxTokens) {
        warn("the prompt has " + describeCut(s.tokens.size(), maxTokens) + " (the context window or --max-tokens)");
        s.tokens.resize(static_cast<std::size_t>(maxTokens));
    }
    return s;
}

}  // namespace spectro
