// Re-filtering from the stored stream against naive recomputation, in one run:
//   spectro-bench-refilter MODEL [SAMPLES=8] [TOKENS=256] [REPEATS=30]
// Samples are random token ids (the timing does not depend on the text). Prints one JSON object:
// the spectrum time, the unfiltered pass, one (layer, k) point (p50/p95 over REPEATS, for the
// middle layer; the slider case), the full Phi_u sweep over all layers and k = 1..20, and the
// same sweep recomputed from the embeddings.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "engine/runtime.h"
#include "engine/transformer.h"
#include "experiments/sweep.h"
#include "model/checkpoint_loader.h"
#include "spectral/spectrum.h"

using namespace spectro;
using Clock = std::chrono::steady_clock;

static double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s MODEL [SAMPLES=8] [TOKENS=256] [REPEATS=30]\n", argv[0]);
        return 1;
    }
    const int samples = argc > 2 ? std::atoi(argv[2]) : 8;
    const int tokens = argc > 3 ? std::atoi(argv[3]) : 256;
    const int repeats = argc > 4 ? std::atoi(argv[4]) : 30;
    try {
        initRuntime();
        auto ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(argv[1]));
        const Transformer model(ckpt);
        const ModelConfig& c = model.config();
        auto t = Clock::now();
        auto unembed = std::make_shared<const Spectrum>(computeSpectrum(*ckpt, SpectralMatrix::Unembed));
        const double spectrumSeconds = since(t);
        FilterFactory filters(unembed, nullptr, makeBands(c.dim, std::min(20, c.dim)));

        std::mt19937 rng(1);
        std::uniform_int_distribution<int> id(3, c.vocabSize - 1);
        std::vector<std::vector<int>> ids(static_cast<std::size_t>(samples));
        for (auto& s : ids) {
            s.push_back(1);
            while (static_cast<int>(s.size()) < std::min(tokens, c.maxSeqLen)) s.push_back(id(rng));
        }
        t = Clock::now();
        const Refilter refilter(model, ids);
        const double baseSeconds = since(t);

        const Intervention point{std::make_shared<const Filter>(filters.build({FilterKind::PhiU, 19})), Site::Resid,
                                 {c.nLayers / 2}, Positions::All, false};
        std::vector<double> fast, naive;
        for (int r = 0; r < repeats; ++r) {
            t = Clock::now();
            refilter.run(point);
            fast.push_back(since(t));
            t = Clock::now();
            refilter.runNaive(point);
            naive.push_back(since(t));
        }
        auto pct = [](std::vector<double> v, double p) {
            std::sort(v.begin(), v.end());
            return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
        };
        SweepSpec spec;
        spec.kind = FilterKind::PhiU;
        for (int l = 0; l < c.nLayers; ++l) spec.layers.push_back(l);
        for (int k = 1; k <= filters.bands().count; ++k) spec.ks.push_back(k);
        t = Clock::now();
        runSweep(refilter, filters, spec);
        const double sweepSeconds = since(t);
        spec.naive = true;
        t = Clock::now();
        runSweep(refilter, filters, spec);
        const double naiveSweepSeconds = since(t);
        std::printf("{\"model\": \"%s\", \"dim\": %d, \"layers\": %d, \"samples\": %d, \"tokens\": %d, \"threads\": %d,\n"
                    " \"spectrum_s\": %.3f, \"unfiltered_pass_s\": %.4f,\n"
                    " \"point_layer\": %d, \"point_p50_ms\": %.2f, \"point_p95_ms\": %.2f, \"naive_point_p50_ms\": %.2f,"
                    " \"naive_point_p95_ms\": %.2f,\n \"sweep_points\": %zu, \"sweep_s\": %.3f, \"naive_sweep_s\": %.3f,"
                    " \"sweep_speedup\": %.2f}\n",
                    argv[1], c.dim, c.nLayers, samples, static_cast<int>(ids[0].size()), computeThreads(), spectrumSeconds,
                    baseSeconds, c.nLayers / 2, 1e3 * pct(fast, 0.5), 1e3 * pct(fast, 0.95), 1e3 * pct(naive, 0.5),
                    1e3 * pct(naive, 0.95), spec.layers.size() * spec.ks.size(), sweepSeconds, naiveSweepSeconds,
                    naiveSweepSeconds / sweepSeconds);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
