// Times checkpoint loading and forward passes, the engine's side of the PyTorch peer comparison
// (bench/peer/peer_forward.py takes the same options and prints the same fields).
//
//   spectro-bench-forward MODEL [--tokens T] [--repeats R] [--taps none|all|LIST] [--threads N]
//
// Taps "none" computes the logits only (the forward's output); "all" keeps what the peer's hooks
// keep: resid, attn_out, mlp_out, attn (probabilities), logits. Peak memory comes from getrusage
// (ru_maxrss counts the memory-mapped weights that were touched).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <ATen/Parallel.h>

#include "bench_util.h"
#include "engine/runtime.h"
#include "engine/transformer.h"
#include "model/checkpoint_loader.h"
#include "model/model_flops.h"

using namespace spectro;
using namespace spectro::bench;

namespace {

TapSet benchTaps(const std::string& name)
{
    if (name == "none") return TapSet::parse("logits");
    if (name == "all") return TapSet::parse("resid,attn_out,mlp_out,attn,logits");
    return TapSet::parse(name);
}

}  // namespace

int main(int argc, char** argv)
{
    Flags flags;
    const bool parsed = flags.parse(argc, argv, {"--tokens", "--repeats", "--taps", "--threads"}, true);
    const std::string model = flags.positional(), taps = flags.text("--taps", "all");
    const int tokens = static_cast<int>(flags.integer("--tokens", 64)), repeats = static_cast<int>(flags.integer("--repeats", 3));
    const int threads = static_cast<int>(flags.integer("--threads", 0));
    if (!parsed || model.empty() || tokens < 2 || repeats < 1) {
        std::fprintf(stderr, "usage: %s MODEL [--tokens T>=2] [--repeats R>=1] [--taps none|all|LIST] [--threads N]\n", argv[0]);
        return 2;
    }
    try {
        initRuntime();
        const auto t0 = Clock::now();
        auto ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(model));
        const Transformer transformer(ckpt);
        // After the Transformer, which sets the engine's own choice for this model.
        if (threads > 0) setComputeThreads(threads);
        const double load = since(t0);
        const long long loadRss = peakRssBytes();
        const auto& cfg = ckpt->config;
        if (tokens > cfg.maxSeqLen) {
            std::fprintf(stderr, "error: %s: --tokens %d exceeds the model's context of %d\n", model.c_str(), tokens, cfg.maxSeqLen);
            return 1;
        }
        ForwardRequest r;
        r.samples = {benchTokenIds(cfg.vocabSize, tokens)};
        r.taps = benchTaps(taps);
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
        std::printf("{\n  \"model\": \"%s\",\n  \"implementation\": \"spectroscope\",\n  \"torch\": \"%s\",\n"
                    "  \"threads\": %d,\n  \"tokens\": %d,\n  \"taps\": \"%s\",\n  \"load_seconds\": %.4f,\n"
                    "  \"forward_seconds\": [",
                    model.c_str(), torchVersion().c_str(), at::get_num_threads(), tokens, taps.c_str(), load);
        for (std::size_t i = 0; i < times.size(); ++i) std::printf("%s%.5f", i ? ", " : "", times[i]);
        std::printf("],\n  \"load_rss_bytes\": %lld,\n  \"peak_rss_bytes\": %lld,\n  \"model_flops\": %.6g,\n"
                    "  \"parameters\": %lld,\n  \"layers\": %d,\n  \"dim\": %d,\n"
                    "  \"last_logits_sum\": %.9g,\n  \"last_logits_l2\": %.9g\n}\n",
                    loadRss, peakRssBytes(), forwardFlops(cfg, tokens), static_cast<long long>(cfg.parameterCount()), cfg.nLayers,
                    cfg.dim, sum, std::sqrt(l2));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
