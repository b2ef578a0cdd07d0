#pragma once
// The text a verb runs on: exactly one of --text FILE, --jsonl FILE --field NAME, --prompt TEXT,
// cut into samples of --max-tokens tokens (BoS first), at most --samples of them. Shared by
// `run` and the experiment verbs so that they pick the same samples from the same options.
#include <string>
#include <vector>

#include "arguments.h"
#include "corpus/samples.h"

namespace spectro {
class Tokenizer;
}

namespace spectro::cli {

struct SampleSelection {
    std::vector<TextSample> samples;
    int maxTokens = 0;   // after clamping to the context window
    int maxSamples = 0;
};

// --text, --jsonl, --field, --prompt, --max-tokens, --samples (default `defaultSamples`).
std::vector<OptionSpec> sampleOptions(int defaultSamples);
// UsageError unless exactly one source is given (checked before a model is loaded).
void requireOneSampleSource(const Arguments& args);
SampleSelection selectSamples(const Arguments& args, const Tokenizer& tokenizer, int contextLength, int defaultSamples);

}  // namespace spectro::cli
