#include "sample_options.h"

#include <algorithm>

#include "tokenizer/tokenizer.h"
#include "util/error.h"
#include "util/log.h"

namespace spectro::cli {

std::vector<OptionSpec> sampleOptions(int defaultSamples)
{
    return {{"text", "FILE", "plain text file, cut into windows of --max-tokens tokens"},
            {"jsonl", "FILE", "JSON-lines file, one sample per line"},
            {"field", "NAME", "the string field of each JSON line (with --jsonl)"},
            {"prompt", "TEXT", "a single prompt"},
            {"max-tokens", "N", "tokens per sample, BoS included (default min(256, context))"},
            {"samples", "N", "at most N samples (default " + std::to_string(defaultSamples) + ")"}};
}

void requireOneSampleSource(const Arguments& args)
{
    const int sources = args.has("text") + args.has("jsonl") + args.has("prompt");
    if (sources != 1) throw UsageError("give exactly one of --text FILE, --jsonl FILE --field NAME, --prompt TEXT");
}

SampleSelection selectSamples(const Arguments& args, const Tokenizer& tok, int contextLength, int defaultSamples)
{
    requireOneSampleSource(args);
    SampleSelection s;
    s.maxTokens = static_cast<int>(args.integer("max-tokens", std::min(256, contextLength), 2, 1 << 22));
    if (s.maxTokens > contextLength) {
        warn("--max-tokens " + std::to_string(s.maxTokens) + " exceeds the context window; samples are truncated to " +
             std::to_string(contextLength) + " tokens");
        s.maxTokens = contextLength;
    }
    s.maxSamples = static_cast<int>(args.integer("samples", defaultSamples, 1, 1 << 24));
    if (args.has("text")) s.samples = samplesFromTextFile(args.text("text"), tok, s.maxTokens, s.maxSamples);
    else if (args.has("jsonl")) s.samples = samplesFromJsonl(args.text("jsonl"), args.required("field"), tok, s.maxTokens, s.maxSamples);
    else s.samples = {sampleFromPrompt(args.text("prompt"), tok, s.maxTokens)};
    if (s.samples.empty()) throw Error("no samples: the input holds no text");
    return s;
}

}  // namespace spectro::cli
