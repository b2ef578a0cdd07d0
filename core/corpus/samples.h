#pragma once
// Turns user text into token samples for a forward pass:
//  - a plain text file is read as one token stream (BoS, then the text) and cut into consecutive
//    windows of maxTokens tokens, each starting with BoS, as NLL evaluations usually do;
//  - a JSON-lines file gives one sample per line, from one string field, cut to maxTokens;
//  - a single prompt gives one sample.
// Over-long samples are truncated with a warning (never silently).
#include <string>
#include <vector>

namespace spectro {

class Tokenizer;

struct TextSample {
    std::string text;
    std::vector<int> tokens;  // BoS first
};

std::vector<TextSample> samplesFromTextFile(const std::string& path, const Tokenizer& tokenizer, int maxTokens,
                                            int maxSamples);
std::vector<TextSample> samplesFromJsonl(const std::string& path, const std::string& field, const Tokenizer& tokenizer,
                                         int maxTokens, int maxSamples);
TextSample sampleFromPrompt(const std::string& prompt, const Tokenizer& tokenizer, int maxTokens);

std::string readTextFile(const std::string& path);

}  // namespace spectro
