// Re-filtering from the tap cache against naive recomputation, in one run:
//   spectro-bench-refilter MODEL [SAMPLES=8] [TOKENS=256] [REPEATS=30] [THREADS=auto]
//                          [--device DEV] [--gemm MODE] [--no-naive-sweep] [--no-sweep]
// (--no-naive-sweep leaves out the sweep recomputed from the embeddings, which is twice the work
// of the sweep itself: minutes for a 7B-shaped model; --no-sweep leaves out both sweeps.) Each
// phase's time goes to stderr as it ends, so that a run cut short still says how far it got.
// Samples are random token ids (the timing does not depend on the text). The unfiltered pass is
// written to an HDF5 cache in a temporary folder and read back, as `sweep --cache` does. Prints one
// JSON object: the spectrum time, the unfiltered pass, the cache write and read, one (layer, k)
// point (p50/p95 over REPEATS, for the middle layer; the slider case), the full Phi_u sweep over
// all layers and k = 1..20, and the same sweep recomputed from the embeddings.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <unistd.h>

#include <ATen/Parallel.h>

#include "bench_util.h"
#include "crash_report.h"
#include "engine/runtime.h"
#include "engine/transformer.h"
#include "experiments/sweep.h"
#include "model/checkpoint_loader.h"
#include "spectral/spectrum.h"
#include "model/fingerprint.h"
#include "store/cache_writer.h"
#include "store/stored_taps.h"

using namespace spectro;
using namespace spectro::bench;

int main(int argc, char** argv)
{
    installCrashReport();
    // The options may come anywhere; what is left are the positional arguments.
    EngineOptions options;
    bool naiveSweep = true, sweep = true;
    std::vector<char*> args{argv[0]};
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--device" && i + 1 < argc) options.device = argv[++i];
        else if (a == "--gemm" && i + 1 < argc) options.gemm = parseGemmMode(argv[++i]);
        else if (a == "--no-naive-sweep") naiveSweep = false;
        else if (a == "--no-sweep") naiveSweep = sweep = false;
        else args.push_back(argv[i]);
    }
    argc = static_cast<int>(args.size());
    argv = args.data();
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s MODEL [SAMPLES=8] [TOKENS=256] [REPEATS=30] [THREADS=auto] [--device DEV] [--gemm MODE] [--no-naive-sweep]\n", argv[0]);
        return 1;
    }
    const int samples = argc > 2 ? std::atoi(argv[2]) : 8;
    const int tokens = argc > 3 ? std::atoi(argv[3]) : 256;
    const int repeats = argc > 4 ? std::atoi(argv[4]) : 30;
    const int threads = argc > 5 ? std::atoi(argv[5]) : 0;
    if (samples < 1 || tokens < 2 || repeats < 1) {
        std::fprintf(stderr, "error: SAMPLES >= 1, TOKENS >= 2 and REPEATS >= 1\n");
        return 2;
    }
    try {
        initRuntime();
        auto ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(argv[1]));
        const Transformer model(ckpt, options);
        const ModelConfig& c = model.config();
        // THREADS=0 keeps the engine's own choice for this model (adaptThreadsToModel).
        if (threads > 0) setComputeThreads(threads);
        else adaptThreadsToModel(c);
        auto t = Clock::now();
        auto unembed = std::make_shared<const Spectrum>(computeSpectrum(*ckpt, SpectralMatrix::Unembed));
        const double spectrumSeconds = since(t);
        std::fprintf(stderr, "spectrum of W_u: %.2f s\n", spectrumSeconds);
        FilterFactory filters(unembed, nullptr, makeBands(c.dim, std::min(20, c.dim)));

        std::mt19937 rng(1);
        std::uniform_int_distribution<int> id(3, c.vocabSize - 1);
        std::vector<std::vector<int>> ids(static_cast<std::size_t>(samples));
        for (auto& s : ids) {
            s.push_back(1);
            while (static_cast<int>(s.size()) < std::min(tokens, c.maxSeqLen)) s.push_back(id(rng));
        }
        t = Clock::now();
        std::vector<SampleTaps> base;
        {
            const Refilter fresh(model, ids);
            base = fresh.base();
        }
        const double baseSeconds = since(t);
        std::fprintf(stderr, "unfiltered pass: %.2f s\n", baseSeconds);
        // Through the cache, as `run` then `sweep --cache` would do it.
        const auto dir = std::filesystem::temp_directory_path() / ("spectro-bench-refilter-" + std::to_string(getpid()));
        std::filesystem::create_directories(dir);
        const std::string path = (dir / "taps.h5").string();
        t = Clock::now();
        {
            CacheWriter w(path, c, {argv[1], "bench", fingerprint(*ckpt), "none", "{}"}, {});
            for (std::size_t i = 0; i < base.size(); ++i) w.addSample(static_cast<int>(i), base[i], "", {});
            w.commit();
        }
        const double writeSeconds = since(t);
        t = Clock::now();
        std::vector<SampleTaps> stored = readStoredTaps(path, *ckpt, samples);
        const double readSeconds = since(t);
        std::fprintf(stderr, "cache write / read: %.2f / %.2f s\n", writeSeconds, readSeconds);
        std::filesystem::remove(path);
        std::filesystem::remove(dir);
        const Refilter refilter(model, std::move(stored));

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
        std::fprintf(stderr, "point p50: %.1f ms\n", 1e3 * pct(fast, 0.5));
        double sweepSeconds = 0;
        if (sweep) {
            t = Clock::now();
            runSweep(refilter, filters, spec);
            sweepSeconds = since(t);
            std::fprintf(stderr, "sweep: %.2f s\n", sweepSeconds);
        }
        double naiveSweepSeconds = 0;
        if (naiveSweep) {
            spec.naive = true;
            t = Clock::now();
            runSweep(refilter, filters, spec);
            naiveSweepSeconds = since(t);
        }
        std::printf("{\"model\": \"%s\", \"device\": \"%s\", \"gemm\": \"%s\", \"dim\": %d, \"layers\": %d, \"samples\": %d, \"tokens\": %d, \"threads\": %d,"
                    " \"passes\": %d,\n \"spectrum_s\": %.3f, \"unfiltered_pass_s\": %.4f, \"cache_write_s\": %.4f, \"cache_read_s\": %.4f,\n"
                    " \"point_layer\": %d, \"point_p50_ms\": %.2f, \"point_p95_ms\": %.2f, \"naive_point_p50_ms\": %.2f,"
                    " \"naive_point_p95_ms\": %.2f,\n \"sweep_points\": %zu, \"sweep_s\": %.3f, \"naive_sweep_s\": %.3f,"
                    " \"sweep_speedup\": %.2f}\n",
                    argv[1], model.placement().toString().c_str(), model.splitBf16() ? "split-bf16" : "f32", c.dim, c.nLayers, samples,
                    static_cast<int>(ids[0].size()), at::get_num_threads(),
                    model.placement().cpuOnly() ? std::min(samples, concurrentPasses()) : 1, spectrumSeconds,
                    baseSeconds, writeSeconds, readSeconds, c.nLayers / 2, 1e3 * pct(fast, 0.5), 1e3 * pct(fast, 0.95), 1e3 * pct(naive, 0.5),
                    1e3 * pct(naive, 0.95), spec.layers.size() * spec.ks.size(), sweepSeconds, naiveSweepSeconds,
                    naiveSweep ? naiveSweepSeconds / sweepSeconds : 0.0);
        std::fflush(stdout);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
