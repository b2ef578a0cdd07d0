// The `run` verb: a forward pass over text with taps, stored in an HDF5 cache. An existing cache
// of the same model and options is extended with the samples it lacks (so an interrupted run
// resumes from its last checkpoint); any other existing file needs --force.
#include "experiments/corpus_run.h"
#include "model/checkpoint.h"
#include "store/cache_size.h"
#include "tokenizer/tokenizer.h"
#include "sample_options.h"
#include "verbs.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

namespace spectro::cli {
namespace {

int run(const Arguments& args)
{
    requireOneSampleSource(args);
    CorpusRunRequest request;
    request.out = args.required("out");
    request.storage.dtype = parseTapDType(args.text("dtype", "f32"));
    request.storage.compression = static_cast<int>(args.integer("compress", 0, 0, 9));
    request.storage.checksum = args.has("checksum");
    request.checkpointEverySeconds = args.real("checkpoint-every", 600);
    request.checkpoints = !args.has("no-checkpoints");
    request.force = args.has("force");
    request.storeSpectrum = !args.has("no-spectrum");

    OpenedModel m = openModel(args.positional[0], args, true);
    const Tokenizer& tok = requireTokenizer(m);
    const ModelConfig& c = m.checkpoint->config;
    request.bands = static_cast<int>(args.integer("bands", std::min(20, c.dim), 1, c.dim));
    request.batch = static_cast<std::size_t>(args.integer("batch", 4, 1, 4096));

    SampleSelection selection = selectSamples(args, tok, c.maxSeqLen, 8);
    request.samples = std::move(selection.samples);
    request.input.maxTokens = selection.maxTokens;
    request.input.maxSamples = selection.maxSamples;
    if (args.has("text")) request.input.text = args.text("text");
    if (args.has("jsonl")) request.input.jsonl = args.text("jsonl"), request.input.field = args.text("field");
    if (args.has("prompt")) request.input.prompt = args.text("prompt");
    request.taps = TapSet::parse(args.text("taps", "resid"));
    request.taps.nll = false;

    const CorpusRunPlan plan = planCorpusRun(*m.checkpoint, tok, request);
    const std::string& out = request.out;
    const std::size_t total = request.samples.size();
    std::cerr << "run: " << total << " sample(s)";
    if (plan.extend) std::cerr << ", " << total - plan.missing << " already in " << out;
    std::cerr << ", taps " << request.taps.toString() << " as " << tapDTypeName(request.storage.dtype)
              << ", cache grows by about " << mebibytes(plan.bytesNeeded) << "\n";

    nlohmann::ordered_json summary = {
        {"cache", out}, {"samples", total}, {"computed", plan.missing}, {"reused", total - plan.missing}};
    if (plan.missing > 0) requireDiskForRun(request, plan);
    CorpusRunCallbacks callbacks;
    callbacks.progress = [&, shown = std::size_t(0)](double fraction, std::string_view) mutable {
        const auto done = total - plan.missing +
                          static_cast<std::size_t>(fraction * static_cast<double>(plan.missing) + 1e-9);
        if (done != shown && done > total - plan.missing) std::fprintf(stderr, "\rrun: %zu/%zu samples", done, total);
        shown = done;
        return true;
    };
    const CorpusRunResult result = runCorpus(*m.transformer, *m.checkpoint, tok, request, plan, callbacks);
    summary["mean_nll"] = result.meanNll;
    if (plan.missing > 0) {
        std::fprintf(stderr, "\n");
        summary["tokens"] = result.tokens;
        summary["forward_seconds"] = result.forwardSeconds;
        summary["cache_seconds"] = result.cacheSeconds;
        summary["checkpoints"] = result.checkpoints;
        summary["total_seconds"] = result.totalSeconds;
    }
    std::cout << summary.dump(2) << "\n";
    return 0;
}

// --text ... --samples (shared with the experiment verbs), then run's own options.
std::vector<OptionSpec> runOptions()
{
    return joinOptions({sampleOptions(8), {
             {"taps", "LIST", "resid,resid_mid,attn_out,mlp_out,attn,logits | all (default resid)"},
             {"dtype", "TYPE", "storage of float taps: f32 (default), f16 or bf16"},
             {"compress", "N", "shuffle + deflate level N (1-9); default 0 = none (fastest)"},
             {"checksum", "", "Fletcher-32 checksum per chunk (detects damaged data; slower writes)"},
             {"batch", "N", "samples per forward pass (default 4)"},
             {"checkpoint-every", "SECONDS", "publish finished samples under --out at most this often (default 600)"},
             {"no-checkpoints", "", "write --out only when the run completes"},
             {"out", "FILE", "the cache to write or extend (.h5)"},
             {"force", "", "replace an existing file instead of extending it"},
             {"no-spectrum", "", "do not store the spectra of W_u and W_e in the cache"},
             {"bands", "N", "band edges stored with the spectra (default 20)"},
             tokenizerOption(),
             deviceOption()}});
}

} // namespace

std::vector<Verb> runVerbs()
{
    return {
        {{"run",
          "MODEL",
          "Run a forward pass over text and store the taps in an HDF5 cache.\n"
          "--text cuts a file into windows of --max-tokens tokens (BoS first);\n"
          "--jsonl takes one sample per line from --field; --prompt runs one sample.\n"
          "An existing cache of the same model and options is extended with the samples it lacks\n"
          "(an interrupted run resumes from its last checkpoint); another file needs --force.",
          runOptions(),
          1,
          1},
         run},
    };
}

} // namespace spectro::cli
