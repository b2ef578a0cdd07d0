// Times the tap cache: spectro-bench-cache [--model MODEL] [--tokens T] [--samples N] [--dir DIR]
//
// Without --model: LLaMa-2-7B-shaped taps (32 layers, d = 4096; resid is 33 x T x 4096 floats,
// 138 MB at T = 256) are written, committed and read back for each storage variant, giving
// write/read throughput, the commit (fsync + rename) and the copy that extending a cache costs.
// With --model: N forward passes of T tokens (taps resid + logits, as `run` does), each written
// to a cache as `run` writes it, giving the cache's share of the forward time. Prints JSON.
#include "bench_util.h"
#include "engine/runtime.h"
#include "engine/transformer.h"
#include "model/checkpoint_loader.h"
#include "store/cache_files.h"
#include "store/cache_reader.h"
#include "store/cache_writer.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace spectro;
using namespace spectro::bench;

namespace {

struct Options {
    std::string model, dir = ".";
    int tokens = 256, samples = 4;
};

ModelConfig llama7bShape(int tokens)
{
    ModelConfig c;
    c.dim = 4096, c.hiddenDim = 11008, c.nLayers = 32, c.nHeads = 32, c.nKvHeads = 32, c.vocabSize = 32000;
    c.maxSeqLen = std::max(tokens, 4096);
    return c;
}

SampleTaps syntheticTaps(const ModelConfig& c, int tokens, int seed)
{
    SampleTaps t;
    t.tokens = benchTokenIds(c.vocabSize, tokens, seed);
    t.resid = Array({c.nLayers + 1, tokens, c.dim});
    // Activation-like values: mostly O(1), a few large ones, nothing constant (so compression
    // and 16-bit rounding see realistic bits).
    std::uint32_t x = 2463534242u + static_cast<std::uint32_t>(seed);
    for (auto& v : t.resid.data) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        v = (static_cast<float>(x >> 8) / 16777216.0f - 0.5f) * ((x & 1023u) == 0 ? 300.0f : 2.0f);
    }
    return t;
}

void variant(const Options& o, const char* name, const TapStorage& storage, bool last)
{
    const ModelConfig c = llama7bShape(o.tokens);
    const std::string path = o.dir + "/cache-bench-" + name + ".h5";
    const SampleTaps taps = syntheticTaps(c, o.tokens, 1);
    const std::vector<float> nll(static_cast<std::size_t>(o.tokens - 1), 1.5f);
    const double mb = static_cast<double>(taps.resid.data.size()) * 4 / 1e6; // float32 input per sample

    auto t0 = Clock::now();
    CacheWriter w(path, c, {"synthetic", "none", "0", "none", "{}"}, storage);
    std::vector<double> writes;
    for (int i = 0; i < o.samples; ++i) {
        const auto a = Clock::now();
        w.addSample(i, taps, "", nll);
        writes.push_back(since(a));
    }
    const auto c0 = Clock::now();
    w.commit();
    const double commit = since(c0), total = since(t0);
    const double fileMb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;

    // Reading (the file was just written: page cache, as analyses usually see it).
    const CacheReader r(path);
    t0 = Clock::now();
    for (int i = 0; i < o.samples; ++i) r.read(i, "resid");
    const double readAll = since(t0);
    t0 = Clock::now();
    for (int i = 0; i < o.samples; ++i) {
        for (int l = 0; l <= c.nLayers; l += 8) r.readSlice(i, "resid", l);
    }
    const int slices = o.samples * ((c.nLayers + 8) / 8);
    const double readSlices = since(t0);
    // What extending the cache (resume, checkpoint, analysis) pays first: one copy.
    t0 = Clock::now();
    copyFileBytes(path, path + ".copy");
    const double copy = since(t0);
    std::filesystem::remove(path + ".copy");
    std::filesystem::remove(path);

    double best = writes.front();
    for (double s : writes) best = std::min(best, s);
    std::printf("    {\"variant\": \"%s\", \"file_MB\": %.1f, \"write_sample_seconds\": [", name, fileMb);
    for (std::size_t i = 0; i < writes.size(); ++i) std::printf("%s%.3f", i ? ", " : "", writes[i]);
    std::printf("], \"write_MBps_best\": %.0f, \"commit_seconds\": %.3f, \"total_MBps\": %.0f, "
                "\"read_MBps\": %.0f, \"read_layer_ms\": %.2f, \"copy_MBps\": %.0f}%s\n",
                mb / best, commit, mb * o.samples / total, mb * o.samples / readAll, readSlices * 1000 / slices,
                fileMb / copy, last ? "" : ",");
    std::fflush(stdout);
}

void withModel(const Options& o)
{
    auto checkpoint = std::make_shared<const Checkpoint>(loadCheckpoint(o.model));
    const Transformer model(checkpoint);
    const ModelConfig& c = checkpoint->config;
    const std::string path = o.dir + "/cache-bench-run.h5";
    CacheWriter w(path, c, {o.model, "bench", "0", "none", "{}"}, {});
    std::printf("  \"run\": {\"model\": \"%s\", \"layers\": %d, \"dim\": %d, \"tokens\": %d, \"samples\": [\n",
                o.model.c_str(), c.nLayers, c.dim, o.tokens);
    double forwardTotal = 0, cacheTotal = 0;
    for (int i = 0; i < o.samples; ++i) {
        ForwardRequest request;
        request.taps = TapSet::parse("resid,nll");  // what `run` asks for by default
        request.samples = {benchTokenIds(c.vocabSize, o.tokens, i)};
        auto t0 = Clock::now();
        auto results = model.forward(request);
        const double forward = since(t0);
        SampleTaps& r = results[0];
        const auto nll = r.nll.values();
        t0 = Clock::now();
        w.addSample(i, r, "", nll);
        const double write = since(t0);
        // The first pass pages the weights in (slow): with more than one sample it is reported
        // but left out of the share, which makes the share larger, not smaller.
        if (i > 0 || o.samples == 1) {
            forwardTotal += forward;
            cacheTotal += write;
        }
        std::printf("    {\"forward_seconds\": %.3f, \"cache_write_seconds\": %.3f}%s\n", forward, write,
                    i + 1 < o.samples ? "," : "");
        std::fflush(stdout);
    }
    const auto t0 = Clock::now();
    w.commit();
    const double commit = since(t0);
    // The commit (fsync + rename) is paid once per run: its share per counted sample.
    const int counted = o.samples > 1 ? o.samples - 1 : 1;
    cacheTotal += commit * counted / o.samples;
    std::filesystem::remove(path);
    std::printf("  ], \"commit_seconds\": %.3f, \"cache_share_of_forward\": %.4f}\n", commit,
                cacheTotal / forwardTotal);
}

} // namespace

int main(int argc, char** argv)
{
    Flags flags;
    if (!flags.parse(argc, argv, {"--model", "--tokens", "--samples", "--dir"}, false)) {
        std::fprintf(stderr, "usage: %s [--model MODEL] [--tokens 256] [--samples 4] [--dir .]\n", argv[0]);
        return 1;
    }
    Options o;
    o.model = flags.text("--model", o.model);
    o.tokens = static_cast<int>(flags.integer("--tokens", o.tokens));
    o.samples = static_cast<int>(flags.integer("--samples", o.samples));
    o.dir = flags.text("--dir", o.dir);
    if (o.tokens < 2 || o.samples < 1) {
        std::fprintf(stderr, "error: --tokens must be at least 2 and --samples at least 1\n");
        return 1;
    }
    try {
        std::printf("{\n  \"tokens\": %d,\n  \"samples\": %d,\n", o.tokens, o.samples);
        if (!o.model.empty()) {
            initRuntime();
            withModel(o);
        } else {
            std::printf("  \"shape\": \"llama2-7b resid [33, %d, 4096]\",\n  \"variants\": [\n", o.tokens);
            TapStorage f32, f16, bf16, sums, deflate;
            f16.dtype = TapDType::Float16;
            bf16.dtype = TapDType::BFloat16;
            sums.checksum = true;
            deflate.compression = 1;
            variant(o, "f32", f32, false);
            variant(o, "f16", f16, false);
            variant(o, "bf16", bf16, false);
            variant(o, "f32+checksum", sums, false);
            variant(o, "f32+deflate1", deflate, true);
            std::printf("  ]\n");
        }
        std::printf("}\n");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
