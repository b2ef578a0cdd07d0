// Verbs that inspect, run or write a model: info, tokenize, generate, convert, synth.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analysis/repetition.h"
#include "engine/generate.h"
#include "engine/transformer.h"
#include "model/checkpoint_loader.h"
#include "model/default_model.h"
#include "model/hf_writer.h"
#include "model/synth.h"
#include "tokenizer/bos_convention.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"
#include "util/log.h"
#include "spectral_options.h"
#include "progress_line.h"
#include "verbs.h"

namespace spectro::cli {

OpenedModel::OpenedModel() = default;
OpenedModel::OpenedModel(OpenedModel&&) noexcept = default;
OpenedModel::~OpenedModel() = default;

OptionSpec tokenizerOption()
{
    return {"tokenizer", "FILE", "tokenizer (.model or llama2.c .bin); default: embedded or found beside the model"};
}

OptionSpec deviceOption()
{
    return {"device", "DEV",
            "cpu (default), cuda[:N], a comma list placing blocks of layers on several devices "
            "(cuda:0,cuda:1), or auto (every GPU); GPUs need a CUDA build of libtorch"};
}

OptionSpec gemmOption()
{
    return {"gemm", "MODE",
            "products with bf16 weights on a GPU: f32 (default: widened weights, float32 GEMMs) or split-bf16 "
            "(x split into 3 bf16 parts, tensor cores with float32 accumulation: faster, 2.6e-5 from float32 at 7B width)"};
}

std::string modelArgument(const Arguments& args, std::size_t index)
{
    return index < args.positional.size() ? args.positional[index] : defaultModelPath();
}

OpenedModel openModel(const std::string& path, const Arguments& args, bool withEngine)
{
    OpenedModel m;
    m.checkpoint = std::make_shared<const Checkpoint>(loadCheckpoint(path));
    m.tokenizer = findTokenizer(*m.checkpoint, args.text("tokenizer"));
    if (withEngine) {
        EngineOptions options;
        options.device = args.text("device", "cpu");
        options.gemm = parseGemmMode(args.text("gemm", "f32"));
        m.transformer = std::make_unique<Transformer>(m.checkpoint, options);
    }
    return m;
}

const Tokenizer& requireTokenizer(const OpenedModel& model)
{
    if (!model.tokenizer) throw Error(missingTokenizerReason(*model.checkpoint));
    return *model.tokenizer;
}

namespace {

// RoPE's rescaling as the config describes it; null for plain theta^(-2i/hd).
nlohmann::ordered_json ropeScalingJson(const RopeScaling& r)
{
    if (r.isDefault()) return nullptr;
    nlohmann::ordered_json j = {{"type", ropeTypeName(r.type)}};
    if (r.type != RopeType::Default) j["factor"] = r.factor;
    if (r.type == RopeType::Llama3) {
        j["low_freq_factor"] = r.lowFreqFactor;
        j["high_freq_factor"] = r.highFreqFactor;
        j["original_max_position_embeddings"] = r.originalMaxPositions;
    }
    if (!r.freqDivisors.empty()) j["freq_divisors"] = r.freqDivisors;
    return j;
}

int info(const Arguments& args)
{
    const OpenedModel m = openModel(modelArgument(args, 0), args, false);
    const auto& c = m.checkpoint->config;
    // "sources" says where each value that changes the math came from ("rope_theta":
    // "rope_parameters"), so that a surprising number can be traced to its field.
    nlohmann::ordered_json j = {
        {"path", m.checkpoint->path},
        {"format", formatName(m.checkpoint->format)},
        {"dim", c.dim},
        {"hidden_dim", c.hiddenDim},
        {"n_layers", c.nLayers},
        {"n_heads", c.nHeads},
        {"n_kv_heads", c.nKvHeads},
        {"head_dim", c.headDim()},
        {"vocab_size", c.vocabSize},
        {"max_seq_len", c.maxSeqLen},
        {"rope_theta", c.ropeTheta},
        {"rope_scaling", ropeScalingJson(c.rope)},
        {"sliding_window", c.slidingWindow > 0 ? nlohmann::ordered_json(c.slidingWindow) : nullptr},
        {"norm_eps", c.normEps},
        {"tied_embeddings", c.tiedEmbeddings},
        {"dtype", m.checkpoint->storedDType},
        {"parameters", c.parameterCount()},
        {"tokenizer", m.tokenizer ? m.tokenizer->source() : ""},
        {"add_bos", m.tokenizer ? m.tokenizer->addsBos() : checkpointAddsBos(*m.checkpoint)},
        {"sources", c.sources},
    };
    if (!m.tokenizer) j["tokenizer_missing"] = missingTokenizerReason(*m.checkpoint);
    std::cout << j.dump(2) << "\n";
    return 0;
}

int tokenize(const Arguments& args)
{
    const OpenedModel m = openModel(args.positional[0], args, false);
    const Tokenizer& tok = requireTokenizer(m);
    const auto ids = tok.encode(args.positional[1], !args.has("no-bos"));
    if (args.has("ids")) {
        for (std::size_t i = 0; i < ids.size(); ++i) std::cout << (i ? " " : "") << ids[i];
        std::cout << "\n";
        return 0;
    }
    nlohmann::ordered_json j = {{"ids", ids}, {"pieces", nlohmann::json::array()}};
    for (int id : ids) j["pieces"].push_back(tok.piece(id));
    std::cout << j.dump(2) << "\n";
    return 0;
}

int generateVerb(const Arguments& args)
{
    const OpenedModel m = openModel(modelArgument(args, 0), args, true);
    const Tokenizer& tok = requireTokenizer(m);
    const std::string prompt = args.text("prompt");
    const auto ids = tok.encode(prompt, true);
    const int context = m.checkpoint->config.maxSeqLen;
    if (static_cast<int>(ids.size()) > context) {
        throw Error("the prompt has " + std::to_string(ids.size()) + " tokens, more than the context window of " +
                    std::to_string(context));
    }
    GenerateOptions options;
    options.steps = static_cast<int>(args.integer("steps", 64, 0, 1 << 20));
    options.temperature = args.real("temperature", 0.0);
    if (options.temperature < 0) throw UsageError("option --temperature must not be negative");
    options.seed = static_cast<std::uint64_t>(args.integer("seed", 0, 0, std::numeric_limits<long long>::max()));
    if (args.has("control")) {
        ForwardRequest base;  // the unfiltered prompt, for the control's means
        base.samples = {ids};
        base.taps.logits = false;
        options.hook = generationControl(args, m.transformer->forward(base), m.checkpoint->config.nLayers);
    } else if (args.has("filter")) {
        options.hook = generationFilter(*m.checkpoint, args);
    }
    const auto result = generate(*m.transformer, ids, options);
    // How much the continuation loops (the paper's over-copying under filters), on stderr.
    std::fprintf(stderr, "repetition: rep-4 = %.4f (share of repeated 4-grams of the %zu generated tokens)\n",
                 repetitionRate(result.tokens, 4), result.tokens.size());
    if (result.hitContextLimit) {
        warn("stopped after " + std::to_string(result.tokens.size()) + " tokens at the context window of " +
             std::to_string(context));
    }
    if (args.has("ids")) {
        for (std::size_t i = 0; i < result.tokens.size(); ++i) std::cout << (i ? " " : "") << result.tokens[i];
        std::cout << "\n";
    } else {
        std::cout << tok.decode(result.tokens) << "\n";
    }
    return 0;
}

int convert(const Arguments& args)
{
    const std::string to = args.required("to");
    if (to != "hf") throw UsageError("--to " + to + " is not supported (only hf)");
    OpenedModel m = openModel(args.positional[0], args, false);
    HfWriteOptions options;
    options.maxShardBytes = static_cast<std::uint64_t>(args.integer("shard-mib", 0, 0, 1 << 30)) << 20;
    options.tokenizerPath = args.has("tokenizer") ? args.text("tokenizer") : findTokenizerFile(*m.checkpoint);
    if (options.tokenizerPath.empty() && m.checkpoint->vocabulary) {
        warn("the vocabulary is embedded in the GGUF file and no tokenizer file was found; the export has none");
    }
    writeHuggingFace(*m.checkpoint, args.positional[1], options);
    std::cerr << "wrote " << args.positional[1] << "\n";
    return 0;
}

int synth(const Arguments& args)
{
    SynthOptions options;
    options.config = llama2Shape(args.required("shape"));
    options.config.nLayers = static_cast<int>(args.integer("layers", options.config.nLayers, 1, 1024));
    options.dtype = parseDType(args.text("dtype", "bf16"));
    options.seed = static_cast<std::uint64_t>(args.integer("seed", 0, 0, std::numeric_limits<long long>::max()));
    options.tokenizerPath = args.text("tokenizer");
    const bool quiet = args.has("quiet");
    writeSynthetic(options, args.positional[0], [quiet](double fraction, std::string_view) {
        if (!quiet) printProgress("writing weights: %5.1f%%", 100.0 * fraction);
        return true;
    });
    endProgressLine();
    return 0;
}

}  // namespace

std::vector<Verb> modelVerbs()
{
    return {
        {{"info", "[MODEL]", "Print a model's hyper-parameters as JSON (default: the demo model).", {tokenizerOption()}, 0, 1}, info},
        {{"tokenize", "MODEL TEXT", "Print the token ids and pieces of TEXT (BoS first) as JSON.",
          {tokenizerOption(), {"no-bos", "", "do not prepend BoS"}, {"ids", "", "print only the ids, space-separated"}}, 2, 2},
         tokenize},
        {{"generate", "[MODEL]",
          "Continue a prompt (greedy by default) and print the continuation; its repetition\nscore (rep-4) goes to stderr. An empty prompt starts from BoS alone; MODEL defaults\nto the demo model.",
          {{"prompt", "TEXT", "the prompt (default: empty)"},
           {"steps", "N", "tokens to generate (default 64)"},
           {"temperature", "T", "sampling temperature; 0 = greedy (default)"},
           {"seed", "S", "random seed for sampling (default 0)"},
           {"ids", "", "print the generated token ids instead of text"},
           {"filter", "KIND", "apply a spectral filter at every step (same kinds as sweep)"},
           {"site", "SITE", "where the filter acts: resid | mlp | attn (default resid)"},
           {"layer", "LIST", "layers whose exit is filtered (default 0)"},
           {"k", "K", "bands kept (default: all but the last)"},
           {"positions", "WHICH", "all | bos | non-bos (default all)"},
           {"keep-bands", "LIST", "bands kept by bands-u / bands-e"},
           {"filter-seed", "S", "seed of the random filter (default 0)"},
           {"control", "NAME", "instead of a filter, a sink control at --layer: bos-zero, bos-mean, massive-zero, ... (as sweep)"},
           {"massive-above", "X", "massive-*: entries with |h| > X (default 100) ..."},
           {"massive-ratio", "R", "... and > R x the stream's median |h| (default 1000)"},
           {"bands", "N", "number of spectral bands (default 20)"},
           {"fold-norm", "", "fold the final RMSNorm gain into W_u before the SVD"},
           tokenizerOption(), deviceOption(), gemmOption()},
          0, 1},
         generateVerb},
        {{"convert", "MODEL OUTDIR",
          "Write MODEL as a Hugging Face directory (config.json, safetensors, tokenizer).",
          {{"to", "FORMAT", "output format: hf"},
           {"shard-mib", "N", "split the weights into shards of at most N MiB"},
           tokenizerOption()},
          2, 2},
         convert},
        {{"synth", "OUTDIR",
          "Write random weights in real LLaMa-2 shapes as a Hugging Face directory (for scale tests).",
          {{"shape", "NAME", "llama2-7b, llama2-13b or llama2-70b"},
           {"layers", "N", "number of layers (default: the real model's)"},
           {"dtype", "TYPE", "bf16 (default), f16 or f32"},
           {"seed", "S", "random seed (default 0)"},
           {"tokenizer", "FILE", "tokenizer file to copy beside the weights"},
           {"quiet", "", "no progress output"}},
          1, 1},
         synth},
    };
}

}  // namespace spectro::cli
