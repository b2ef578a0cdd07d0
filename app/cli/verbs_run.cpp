// The `run` verb: a forward pass over text with taps, stored in an HDF5 cache.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analysis/nll.h"
#include "corpus/samples.h"
#include "engine/transformer.h"
#include "model/checkpoint.h"
#include "model/fingerprint.h"
#include "store/cache_writer.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"
#include "util/log.h"
#include "verbs.h"

namespace spectro::cli {
namespace {

std::uint64_t tapBytes(const ModelConfig& c, const TapSet& taps, std::int64_t T)
{
    const std::uint64_t d = static_cast<std::uint64_t>(c.dim), L = static_cast<std::uint64_t>(c.nLayers), t = static_cast<std::uint64_t>(T);
    std::uint64_t floats = 0;
    if (taps.resid) floats += (L + 1) * t * d;
    if (taps.residMid) floats += L * t * d;
    if (taps.attnOut) floats += L * t * d;
    if (taps.mlpOut) floats += L * t * d;
    if (taps.attention) floats += L * static_cast<std::uint64_t>(c.nHeads) * t * t;
    if (taps.logits) floats += t * static_cast<std::uint64_t>(c.vocabSize);
    return floats * 4 + t * 8;
}

int run(const Arguments& args)
{
    const int sources = args.has("text") + args.has("jsonl") + args.has("prompt");
    if (sources != 1) throw UsageError("give exactly one of --text FILE, --jsonl FILE --field NAME, --prompt TEXT");
    const std::string out = args.required("out");
    if (std::filesystem::exists(out) && !args.has("force")) {
        throw Error(out + ": exists; pass --force to replace it");
    }
    OpenedModel m = openModel(args.positional[0], args, true);
    const Tokenizer& tok = requireTokenizer(m);
    const ModelConfig& c = m.checkpoint->config;

    int maxTokens = static_cast<int>(args.integer("max-tokens", std::min(256, c.maxSeqLen), 2, 1 << 22));
    if (maxTokens > c.maxSeqLen) {
        warn("--max-tokens " + std::to_string(maxTokens) + " exceeds the context window; samples are truncated to " +
             std::to_string(c.maxSeqLen) + " tokens");
        maxTokens = c.maxSeqLen;
    }
    const int maxSamples = static_cast<int>(args.integer("samples", 8, 1, 1 << 24));
    std::vector<TextSample> samples;
    if (args.has("text")) samples = samplesFromTextFile(args.text("text"), tok, maxTokens, maxSamples);
    else if (args.has("jsonl")) samples = samplesFromJsonl(args.text("jsonl"), args.required("field"), tok, maxTokens, maxSamples);
    else samples = {sampleFromPrompt(args.text("prompt"), tok, maxTokens)};
    if (samples.empty()) throw Error("no samples to run");

    TapSet taps = TapSet::parse(args.text("taps", "resid"));
    const bool storeLogits = taps.logits;
    taps.logits = true;  // always needed for the per-token NLL

    std::uint64_t needed = 0;
    for (const auto& s : samples) {
        TapSet stored = taps;
        stored.logits = storeLogits;
        needed += tapBytes(c, stored, static_cast<std::int64_t>(s.tokens.size()));
    }
    const auto folder = std::filesystem::absolute(out).parent_path();
    std::error_code ec;
    const auto space = std::filesystem::space(folder, ec);
    std::cerr << "run: " << samples.size() << " sample(s), taps " << TapSet(taps).toString() << ", cache about "
              << (needed >> 20) << " MiB\n";
    if (!ec && space.available < needed + (16u << 20)) {
        throw Error(out + ": the cache needs about " + std::to_string(needed >> 20) + " MiB but only " +
                    std::to_string(space.available >> 20) + " MiB are free in " + folder.string());
    }

    nlohmann::ordered_json options = {{"taps", taps.toString()}, {"store_logits", storeLogits},
                                      {"max_tokens", maxTokens}, {"samples", maxSamples}};
    if (args.has("text")) options["text"] = args.text("text");
    if (args.has("jsonl")) options["jsonl"] = args.text("jsonl"), options["field"] = args.text("field");
    CacheIdentity identity{m.checkpoint->path, formatName(m.checkpoint->format), fingerprint(*m.checkpoint),
                           tok.source(), options.dump()};
    CacheWriter writer(out, c, identity);

    const int batchSize = static_cast<int>(args.integer("batch", 4, 1, 4096));
    NllTotal total;
    const auto start = std::chrono::steady_clock::now();
    double forwardSeconds = 0;
    long long tokenCount = 0;
    for (std::size_t first = 0; first < samples.size(); first += static_cast<std::size_t>(batchSize)) {
        ForwardRequest request;
        request.taps = taps;
        const std::size_t last = std::min(samples.size(), first + static_cast<std::size_t>(batchSize));
        for (std::size_t i = first; i < last; ++i) request.samples.push_back(samples[i].tokens);
        const auto t0 = std::chrono::steady_clock::now();
        auto results = m.transformer->forward(request);
        forwardSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        for (std::size_t i = first; i < last; ++i) {
            SampleTaps& r = results[i - first];
            const auto nll = nextTokenNll(r.logits, r.tokens);
            total.add(nll);
            tokenCount += static_cast<long long>(r.tokens.size());
            if (!storeLogits) r.logits = Array();
            writer.addSample(static_cast<int>(i), r, samples[i].text, nll);
        }
        std::fprintf(stderr, "\rrun: %zu/%zu samples", last, samples.size());
    }
    std::fprintf(stderr, "\n");
    writer.commit();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    nlohmann::ordered_json summary = {{"cache", out},
                                      {"samples", samples.size()},
                                      {"tokens", tokenCount},
                                      {"mean_nll", total.mean()},
                                      {"forward_seconds", forwardSeconds},
                                      {"total_seconds", seconds}};
    std::cout << summary.dump(2) << "\n";
    return 0;
}

}  // namespace

std::vector<Verb> runVerbs()
{
    return {
        {{"run", "MODEL",
          "Run a forward pass over text and store the taps in an HDF5 cache.\n"
          "--text cuts a file into windows of --max-tokens tokens (BoS first);\n"
          "--jsonl takes one sample per line from --field; --prompt runs one sample.",
          {{"text", "FILE", "plain text file"},
           {"jsonl", "FILE", "JSON-lines file, one sample per line"},
           {"field", "NAME", "the string field of each JSON line (with --jsonl)"},
           {"prompt", "TEXT", "a single prompt"},
           {"max-tokens", "N", "tokens per sample, BoS included (default min(256, context))"},
           {"samples", "N", "at most N samples (default 8)"},
           {"taps", "LIST", "resid,resid_mid,attn_out,mlp_out,attn,logits | all (default resid)"},
           {"batch", "N", "samples per forward pass (default 4)"},
           {"out", "FILE", "the cache to write (.h5)"},
           {"force", "", "replace an existing cache"},
           tokenizerOption(), deviceOption()},
          1, 1},
         run},
    };
}

}  // namespace spectro::cli
