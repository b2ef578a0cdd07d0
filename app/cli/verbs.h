#pragma once
// The verbs of spectroscope-cli. Each verb is a spec (for parsing and --help) and a function
// that returns the process exit code; core errors propagate to main(), which prints them.
#include <functional>
#include <memory>
#include <vector>

#include "arguments.h"

namespace spectro {
struct Checkpoint;
class Tokenizer;
class Transformer;
}

namespace spectro::cli {

struct Verb {
    VerbSpec spec;
    std::function<int(const Arguments&)> run;
};

std::vector<Verb> modelVerbs();  // info, tokenize, generate, convert, synth
std::vector<Verb> runVerbs();    // run
std::vector<Verb> spectralVerbs();    // spectrum, aptitude
std::vector<Verb> experimentVerbs();  // sweep, bos, attention
std::vector<Verb> analyzeVerbs();     // analyze
std::vector<Verb> sinkVerbs();        // sink-rate, massive, triad, secondary-sinks
std::vector<Verb> trainVerbs();  // train, sink

// A model opened for a verb: checkpoint, its tokenizer (may be null) and, on request, the engine.
struct OpenedModel {
    std::shared_ptr<const Checkpoint> checkpoint;
    std::shared_ptr<const Tokenizer> tokenizer;
    std::unique_ptr<Transformer> transformer;
    OpenedModel();
    OpenedModel(OpenedModel&&) noexcept;
    ~OpenedModel();
};

// positional[index], or the demo model (model/default_model.h) when it was left out.
std::string modelArgument(const Arguments& args, std::size_t index);

OpenedModel openModel(const std::string& path, const Arguments& args, bool withEngine);
// The tokenizer, or an Error telling the user to pass --tokenizer.
const Tokenizer& requireTokenizer(const OpenedModel& model);

// Options shared by verbs that load a model.
OptionSpec tokenizerOption();
OptionSpec deviceOption();
OptionSpec gemmOption();

}  // namespace spectro::cli
