// Times checkpoint loading and forward passes: spectro-bench-forward MODEL [TOKENS] [REPEATS] [TAPS]
// Prints one JSON object; peak memory comes from getrusage (ru_maxrss, which counts the
// memory-mapped weights that were touched).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sys/resource.h>

#include "engine/runtime.h"
#include "engine/transformer.h"
#include "model/checkpoint_loader.h"

using namespace spectro;
using Clock = std::chrono::steady_clock;

static double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s MODEL [TOKENS=64] [REPEATS=3] [TAPS=resid,logits]\n", argv[0]);
        return 1;
    }
    const int tokens = argc > 2 ? std::atoi(argv[2]) : 64;
    const int repeats = argc > 3 ? std::atoi(argv[3]) : 3;
    const std::string taps = argc > 4 ? argv[4] : "resid,logits";
    try {
        initRuntime();
        const auto t0 = Clock::now();
        auto ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(argv[1]));
        const Transformer model(ckpt);
        const auto t1 = Clock::now();
        ForwardRequest r;
        std::vector<int> ids(static_cast<std::size_t>(tokens));
        for (int i = 0; i < tokens; ++i) ids[static_cast<std::size_t>(i)] = i == 0 ? 1 : 1 + (i * 7919) % (ckpt->config.vocabSize - 1);
        r.samples = {ids};
        r.taps = TapSet::parse(taps);
        std::printf("{\n  \"model\": \"%s\",\n  \"threads\": %d,\n  \"tokens\": %d,\n  \"taps\": \"%s\",\n  \"load_seconds\": %.3f,\n  \"forward_seconds\": [",
                    argv[1], computeThreads(), tokens, taps.c_str(), seconds(t0, t1));
        for (int i = 0; i < repeats; ++i) {
            const auto a = Clock::now();
            model.forward(r);
            std::printf("%s%.3f", i ? ", " : "", seconds(a, Clock::now()));
            std::fflush(stdout);
        }
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        std::printf("],\n  \"peak_rss_bytes\": %lld\n}\n", static_cast<long long>(usage.ru_maxrss) * 1024);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
