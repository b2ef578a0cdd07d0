// Times checkpoint loading and forward passes, the engine's side of the PyTorch peer comparison
// (bench/peer/peer_forward.py takes the same options and prints the same fields).
//
//   spectro-bench-forward MODEL [--tokens T] [--repeats R] [--taps none|all|LIST] [--threads N]
//                         [--device DEV] [--gemm f32|split-bf16] [--runs T:TAPS,T:TAPS,...]
//
// Taps "none" computes the logits only (the forward's output); "all" keeps what the peer's hooks
// keep: resid, attn_out, mlp_out, attn (probabilities), logits; "resid" keeps resid and logits.
// Peak memory comes from getrusage (ru_maxrss counts the memory-mapped weights that were
// touched). --runs measures several (T, taps) pairs with one load (a 7B upload to a GPU takes
// seconds) and prints one JSON object per line. Every timed pass ends with its taps on the host,
// so GPU work is finished when the clock stops.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <ATen/Parallel.h>

#include "bench_util.h"
#include "crash_report.h"
#include "engine/runtime.h"
#include "engine/transformer.h"
#include "model/checkpoint_loader.h"
#include "model/model_flops.h"
#include "util/error.h"

using namespace spectro;
using namespace spectro::bench;

namespace {

TapSet benchTaps(const std::string& name)
{
    if (name == "none") return TapSet::parse("logits");
    if (name == "all") return TapSet::parse("resid,attn_out,mlp_out,attn,logits");
    if (name == "resid") return TapSet::parse("resid,logits");
    return TapSet::parse(name);
}

struct Run {
    int tokens;
    std::string taps;
};

// "256:all,1024:all,4096:resid"
std::vector<Run> parseRuns(const std::string& text)
{
    std::vector<Run> runs;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, end - start);
        const std::size_t colon = item.find(':');
        if (colon == std::string::npos) throw Error("--runs: '" + item + "' is not T:TAPS");
        runs.push_back({std::atoi(item.substr(0, colon).c_str()), item.substr(colon + 1)});
        if (runs.back().tokens < 2) throw Error("--runs: T must be at least 2 in '" + item + "'");
        start = end + 1;
    }
    return runs;
}

// One (T, taps) pair, timed `repeats` times; prints its JSON object (on one line when `oneLine`).
void measure(const std::string& model, const Transformer& transformer, const Run& run, int repeats, double load, long long loadRss,
             bool oneLine)
{
    const auto& cfg = transformer.config();
    ForwardRequest r;
    r.samples = {benchTokenIds(cfg.vocabSize, run.tokens)};
    r.taps = benchTaps(run.taps);
    std::vector<double> times;
    std::vector<SampleTaps> out;
    for (int i = 0; i < repeats; ++i) {
        out.clear();
        const auto a = Clock::now();
        out = transformer.forward(r);
        times.push_back(since(a));
    }
    // A checksum of the last position's logits, to confirm that the peer computed the same thing.
    const auto& logits = out.at(0).logits;
    const float* last = logits.slice(logits.shape.at(0) - 1);
    double sum = 0, l2 = 0;
    for (std::int64_t v = 0; v < logits.shape.at(1); ++v) {
        sum += last[v];
        l2 += static_cast<double>(last[v]) * last[v];
    }
    const char* sep = oneLine ? " " : "\n  ";
    std::printf("{%s\"model\": \"%s\",%s\"implementation\": \"spectroscope\",%s\"torch\": \"%s\",%s\"threads\": %d,%s\"tokens\": %d,%s"
                "\"taps\": \"%s\",%s\"device\": \"%s\",%s\"gemm\": \"%s\",%s\"gpu_weight_bytes\": %llu,%s\"load_seconds\": %.4f,%s"
                "\"forward_seconds\": [",
                sep, model.c_str(), sep, sep, torchVersion().c_str(), sep, at::get_num_threads(), sep, run.tokens, sep, run.taps.c_str(),
                sep, transformer.placement().toString().c_str(), sep, transformer.splitBf16() ? "split-bf16" : "f32", sep,
                static_cast<unsigned long long>(transformer.gpuWeightBytes()), sep, load, sep);
    for (std::size_t i = 0; i < times.size(); ++i) std::printf("%s%.5f", i ? ", " : "", times[i]);
    std::printf("],%s\"load_rss_bytes\": %lld,%s\"peak_rss_bytes\": %lld,%s\"model_flops\": %.6g,%s\"parameters\": %lld,%s"
                "\"layers\": %d,%s\"dim\": %d,%s\"last_logits_sum\": %.9g,%s\"last_logits_l2\": %.9g%s}\n",
                sep, loadRss, sep, peakRssBytes(), sep, forwardFlops(cfg, run.tokens), sep, static_cast<long long>(cfg.parameterCount()),
                sep, cfg.nLayers, sep, cfg.dim, sep, sum, sep, std::sqrt(l2), oneLine ? " " : "\n");
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv)
{
    installCrashReport();
    Flags flags;
    const bool parsed =
        flags.parse(argc, argv, {"--tokens", "--repeats", "--taps", "--threads", "--device", "--gemm", "--runs"}, true);
    const std::string model = flags.positional();
    const int tokens = static_cast<int>(flags.integer("--tokens", 64)), repeats = static_cast<int>(flags.integer("--repeats", 3));
    const int threads = static_cast<int>(flags.integer("--threads", 0));
    if (!parsed || model.empty() || tokens < 2 || repeats < 1) {
        std::fprintf(stderr,
                     "usage: %s MODEL [--tokens T>=2] [--repeats R>=1] [--taps none|all|LIST] [--threads N] [--device DEV]"
                     " [--gemm f32|split-bf16] [--runs T:TAPS,...]\n",
                     argv[0]);
        return 2;
    }
    try {
        initRuntime();
        const bool manyRuns = !flags.text("--runs", "").empty();
        const std::vector<Run> runs = manyRuns ? parseRuns(flags.text("--runs", "")) : std::vector<Run>{{tokens, flags.text("--taps", "all")}};
        EngineOptions options;
        options.device = flags.text("--device", "cpu");
        options.gemm = parseGemmMode(flags.text("--gemm", "f32"));
        const auto t0 = Clock::now();
        auto ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(model));
        const Transformer transformer(ckpt, options);
        // After the Transformer, which sets the engine's own choice for this model.
        if (threads > 0) setComputeThreads(threads);
        const double load = since(t0);
        const long long loadRss = peakRssBytes();
        for (const Run& run : runs) {
            if (run.tokens > ckpt->config.maxSeqLen) {
                std::fprintf(stderr, "error: %s: %d tokens exceed the model's context of %d\n", model.c_str(), run.tokens,
                             ckpt->config.maxSeqLen);
                return 1;
            }
        }
        for (const Run& run : runs) measure(model, transformer, run, repeats, load, loadRss, manyRuns);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
