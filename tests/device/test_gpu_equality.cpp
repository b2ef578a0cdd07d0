// The engine on a GPU against the engine on the CPU: every tap within 1e-5 relative
// (||gpu - cpu|| / ||cpu|| over all values of a tap), on the shared test models, on random
// weights in their shape in bf16 (grouped-query attention, Hugging Face row order) and on a
// 2-layer LLaMa-2-7B-shaped model in bf16; for one sample, a padded batch with a hook, and a
// restart from a stored stream; on one GPU, on the same GPU twice ("cuda:0,cuda:0": the
// placement of layers on several devices), and split between the CPU and the GPU both ways.
// Then `spectroscope-cli run --device cuda` must write the cache the CPU writes, and greedy
// generation must pick the same tokens. The split-bf16 GEMM route (bf16 models only) is
// measured too, against its own, looser bound: it is not the engine's default because it
// misses 1e-5 at LLaMa-2-7B width (2.6e-5 measured on the H200).
//
// Plain C++ with no Qt, because the GPU machine has no Qt: it prints one line per check and exits
// 0 when all pass, 1 when one fails, 77 (ctest: skipped) without a CUDA device.
//
//   test_gpu_equality [--keep DIR] [--models LABEL,...] [--dry-run-on-cpu]
// --keep: where the synthetic checkpoints are written and kept (default: a temporary folder).
// --models: only the models whose label contains one of these (and no cache check unless "cache")
// --dry-run-on-cpu: the same checks with "cpu,cpu" in place of the GPU, to try the test itself
// on a machine without one (they must pass exactly).
#include "crash_report.h"
#include "engine/generate.h"
#include "engine/runtime.h"
#include "engine/transformer.h"
#include "model/checkpoint_loader.h"
#include "model/default_model.h"
#include "model/synth.h"
#include "store/cache_reader.h"
#include "taps_compare.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <ftw.h>
#include <unistd.h>

using namespace spectro;
namespace fs = std::filesystem;

namespace {

constexpr double kTolerance = 1e-5;
constexpr double kSplitBf16Tolerance = 5e-5;
constexpr double kMissing = std::numeric_limits<double>::infinity();

struct Model {
    std::string label, path;
    int tokens;   // length of the long sample
    bool trained;  // real weights: greedy generation is compared too (random weights have near-ties)
};

struct Config {
    std::string device;
    GemmMode gemm;
    bool bf16Only = false;  // a route that only bf16 weights take
};

struct Tally {
    int checks = 0, failures = 0;
    double worst = 0;
    std::string worstWhere;
};

// The temporary folder is removed with nftw, not std::filesystem::remove_all: PyTorch's pip
// libtorch (2.11) exports its own copy of std::filesystem from libtorch_cpu.so, which takes the place
// of libstdc++'s in the process, and its remove_all jumps to address 0 on a folder holding files (a
// ten-line program that links libtorch and calls remove_all crashes the same way; without libtorch it
// does not). Core does not call remove_all.
void removeTree(const fs::path& dir)
{
    nftw(
        dir.c_str(), [](const char* path, const struct stat*, int, struct FTW*) { return std::remove(path); }, 16,
        FTW_DEPTH | FTW_PHYS);
}

std::string sharedDir()
{
    const char* env = std::getenv("SPECTRO_SHARED_DIR");
    return env && *env ? env : SPECTRO_SHARED_DIR;
}

std::vector<int> tokenIds(int vocab, int n, int offset)
{
    std::vector<int> ids{1};
    for (int i = 1; i < n; ++i) ids.push_back(3 + (i * 7919 + offset) % (vocab - 3));
    return ids;
}

std::unique_ptr<Transformer> engine(const std::shared_ptr<const Checkpoint>& ckpt, const Config& config)
{
    EngineOptions options;
    options.device = config.device;
    options.gemm = config.gemm;
    return std::make_unique<Transformer>(ckpt, options);
}

// The requests every model is run with; the restart starts from the CPU's stream of `longIds`.
std::map<std::string, ForwardRequest> requests(const ModelConfig& c, const std::vector<int>& longIds,
                                               const std::vector<SampleTaps>& cpuSingle)
{
    std::map<std::string, ForwardRequest> r;
    const auto tokens = static_cast<int>(longIds.size());
    r["one"].samples = {longIds};
    r["one"].taps = TapSet::parse("all,nll");
    r["batch+hook"].samples = {tokenIds(c.vocabSize, tokens, 1), tokenIds(c.vocabSize, tokens / 2 + 1, 2), {1}};
    r["batch+hook"].taps = TapSet::parse("all,nll");
    // Changes the stream at the exit of layer 0 (on the host: a GPU's activations make a round trip).
    r["batch+hook"].hook = [](Site site, int layer, ActivationView& view) {
        if (site != Site::Resid || layer != 0) return;
        for (std::int64_t i = 0; i < view.batch * view.tokens * view.dim; ++i) view.data[i] *= 0.75f;
    };
    if (c.nLayers > 1) {
        ForwardRequest& restart = r["restart@1"];
        restart.samples = {longIds};
        restart.taps = TapSet::parse("resid,logits,nll");
        restart.startLayer = 1;
        Array start({static_cast<std::int64_t>(longIds.size()), c.dim});
        std::copy_n(cpuSingle[0].resid.slice(1), start.numel(), start.data.begin());
        restart.startResid = {start};
    }
    return r;
}

void report(Tally& tally, const std::string& where,
            const std::vector<std::vector<spectro::test::TapDifference>>& perSample, double tolerance = kTolerance)
{
    std::map<std::string, double> worst;
    std::vector<std::string> order;
    for (const auto& sample : perSample) {
        for (const auto& d : sample) {
            if (!worst.count(d.tap)) order.push_back(d.tap);
            worst[d.tap] = std::max(worst[d.tap], d.relative);
        }
    }
    bool ok = true;
    std::string line;
    for (const auto& tap : order) {
        char cell[64];
        std::snprintf(cell, sizeof cell, " %s %.2e", tap.c_str(), worst[tap]);
        line += cell;
        ++tally.checks;
        if (!(worst[tap] <= tolerance)) {
            ok = false;
            ++tally.failures;
        }
        if (worst[tap] > tally.worst) {
            tally.worst = worst[tap];
            tally.worstWhere = where + " " + tap;
        }
    }
    std::printf("%s  %-62s%s\n", ok ? "PASS" : "FAIL", where.c_str(), line.c_str());
    std::fflush(stdout);
}

void compareModel(const Model& model, const std::vector<Config>& configs, Tally& tally)
{
    const auto t0 = std::chrono::steady_clock::now();
    auto ckpt = std::make_shared<const Checkpoint>(loadCheckpoint(model.path));
    const ModelConfig& c = ckpt->config;
    const auto cpu = engine(ckpt, {"cpu", GemmMode::Float32});
    ForwardRequest one;
    one.samples = {tokenIds(c.vocabSize, model.tokens, 0)};
    one.taps = TapSet::parse("all,nll");
    auto reqs = requests(c, one.samples[0], cpu->forward(one));
    std::map<std::string, std::vector<SampleTaps>> reference;
    for (auto& [name, r] : reqs) reference[name] = cpu->forward(r);
    std::vector<int> greedy;
    if (model.trained) {
        GenerateOptions g;
        g.steps = 24;
        greedy = generate(*cpu, {1}, g).tokens;
    }
    std::printf("# %s: %s, %s, d = %d, L = %d, heads %d/%d (CPU reference in %.1f s)\n", model.label.c_str(),
                model.path.c_str(), ckpt->storedDType.c_str(), c.dim, c.nLayers, c.nHeads, c.nKvHeads,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    for (const auto& config : configs) {
        if (config.bf16Only && ckpt->storedDType != "bf16") continue;
        const auto gpu = engine(ckpt, config);
        const std::string label = model.label + " " + gpu->placement().toString() + " " + gemmModeName(config.gemm);
        for (auto& [name, r] : reqs) {
            const auto out = gpu->forward(r);
            std::vector<std::vector<spectro::test::TapDifference>> diffs;
            for (std::size_t i = 0; i < out.size(); ++i)
                diffs.push_back(spectro::test::tapDifferences(out[i], reference[name][i]));
            report(tally, label + " " + name, diffs,
                   config.gemm == GemmMode::SplitBf16 ? kSplitBf16Tolerance : kTolerance);
        }
        if (model.trained) {
            GenerateOptions g;
            g.steps = 24;
            const bool same = generate(*gpu, {1}, g).tokens == greedy;
            ++tally.checks;
            if (!same) ++tally.failures;
            std::printf("%s  %-62s greedy 24 tokens %s\n", same ? "PASS" : "FAIL", (label + " generate").c_str(),
                        same ? "equal" : "DIFFER");
        }
    }
}

// `spectroscope-cli run` on the CPU and on the GPU: the two caches must hold the same taps.
void compareCaches(const std::string& dir, const std::string& otherDevice, Tally& tally)
{
    const std::string shared = sharedDir();
    const std::string model = shared + "/models/stories260K/stories260K.bin";
    const std::string text = shared + "/corpora/tinystories_validation_first_stories.txt";
    std::map<std::string, std::string> caches;
    for (const std::string& device : {std::string("cpu"), otherDevice}) {
        const std::string out = dir + "/run-" + device + ".h5";
        const std::string command = std::string(SPECTRO_CLI_PATH) + " run " + model + " --text " + text +
                                    " --max-tokens 96 --samples 6 --taps all --device " + device + " --out " + out +
                                    " > " + out + ".log 2>&1";
        if (std::system(command.c_str()) != 0) {
            ++tally.failures;
            std::printf("FAIL  spectroscope-cli run --device %s failed: %s\n", device.c_str(), command.c_str());
            return;
        }
        caches[device] = out;
    }
    const CacheReader cpu(caches["cpu"]), gpu(caches[otherDevice]);
    std::vector<std::vector<spectro::test::TapDifference>> diffs;
    if (cpu.sampleIndices() != gpu.sampleIndices() || cpu.sampleIndices().empty()) {
        ++tally.failures;
        std::printf("FAIL  run caches hold other samples\n");
        return;
    }
    for (int s : cpu.sampleIndices()) {
        std::vector<spectro::test::TapDifference> sample;
        for (const char* dataset : {"resid", "resid_mid", "attn_out", "mlp_out", "attn", "logits", "nll"}) {
            if (cpu.has(s, dataset) || gpu.has(s, dataset)) {
                sample.push_back(cpu.has(s, dataset) && gpu.has(s, dataset)
                                     ? spectro::test::tapDifference(dataset, gpu.read(s, dataset), cpu.read(s, dataset))
                                     : spectro::test::TapDifference{dataset, kMissing, 0});
            }
        }
        if (cpu.tokens(s) != gpu.tokens(s)) sample.push_back({"tokens", kMissing, 0});
        diffs.push_back(sample);
    }
    report(tally,
           "cache of `run --device " + otherDevice + "` against `run --device cpu`, " + std::to_string(diffs.size()) +
               " samples",
           diffs);
}

}  // namespace

int main(int argc, char** argv)
{
    spectro::bench::installCrashReport();
    std::string keep, only;
    bool dryRun = false;
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--keep" && i + 1 < argc)
            keep = argv[++i];
        else if (std::string(argv[i]) == "--models" && i + 1 < argc)
            only = argv[++i];
        else if (std::string(argv[i]) == "--dry-run-on-cpu")
            dryRun = true;
        else {
            std::fprintf(stderr, "usage: %s [--keep DIR] [--models LABEL,...] [--dry-run-on-cpu]\n", argv[0]);
            return 2;
        }
    }
    try {
        initRuntime();
        if (cudaDeviceCount() == 0 && !dryRun) {
            std::printf("SKIP: no CUDA device (libtorch %s, CUDA %s)\n", torchVersion().c_str(),
                        cudaAvailable() ? "built in" : "not built in");
            return 77;
        }
        const std::string shared = sharedDir();
        if (!fs::exists(shared + "/models/stories260K/stories260K.bin")) {
            std::printf("FAIL: the shared test models are not in %s (set SPECTRO_SHARED_DIR)\n", shared.c_str());
            return 1;
        }
        const fs::path dir = keep.empty()
                                 ? fs::temp_directory_path() / ("spectro-gpu-equality-" + std::to_string(getpid()))
                                 : fs::path(keep);
        fs::create_directories(dir);
        // Random weights in bf16: stories260K's shape (grouped-query attention, 5 layers) and a
        // 2-layer LLaMa-2-7B (1.3 GB), written as Hugging Face folders (row order on W_q/W_k).
        auto selected = [&](const std::string& label) {
            if (only.empty()) return true;
            for (std::size_t start = 0; start <= only.size();) {
                const std::size_t end = std::min(only.find(',', start), only.size());
                if (end > start && label.find(only.substr(start, end - start)) != std::string::npos) return true;
                start = end + 1;
            }
            return false;
        };
        auto synth = [&](const std::string& name, ModelConfig config) {
            const fs::path path = dir / name;
            if (selected(name) && !fs::exists(path / "config.json")) {
                SynthOptions o;
                o.config = config;
                o.dtype = DType::BF16;
                o.seed = 7;
                writeSynthetic(o, path.string());
            }
            return path.string();
        };
        ModelConfig small = loadCheckpoint(shared + "/models/stories260K/stories260K.bin").config;
        ModelConfig seven = llama2Shape("llama2-7b");
        seven.nLayers = 2;
        const std::vector<Model> models = {
            {"stories260K.bin", shared + "/models/stories260K/stories260K.bin", 96, true},
            {"stories260K.gguf", shared + "/models/stories260K/stories260K.gguf", 96, true},
            {"stories260K_q80", shared + "/models/stories260K/stories260K_q80.bin", 96, true},
            {"babyllama", shared + "/models/babyllama-tok105/model5000.bin", 96, true},
            {"demo(f16)", defaultModelPath(), 96, true},
            {"stories-shape(bf16)", synth("stories-shape-bf16", small), 96, false},
            {"llama2-7b-2l(bf16)", synth("llama2-7b-2l-bf16", seven), 128, false},
        };
        const std::vector<Config> configs = dryRun ? std::vector<Config>{{"cpu,cpu", GemmMode::Float32}}
                                                   : std::vector<Config>{{"cuda", GemmMode::Float32},
                                                                         {"cuda:0,cuda:0", GemmMode::Float32},
                                                                         {"cpu,cuda:0", GemmMode::Float32},
                                                                         {"cuda:0,cpu", GemmMode::Float32},
                                                                         {"cuda", GemmMode::SplitBf16, true}};
        std::printf("# CPU against GPU, tolerance %.0e relative per tap (||gpu - cpu|| / ||cpu||, the worst sample; "
                    "split-bf16: %.0e);"
                    " libtorch %s, %d GPU(s)\n",
                    kTolerance, kSplitBf16Tolerance, torchVersion().c_str(), cudaDeviceCount());
        Tally tally;
        for (const auto& m : models) {
            if (selected(m.label)) compareModel(m, configs, tally);
        }
        if (selected("cache")) compareCaches(dir.string(), dryRun ? "cpu,cpu" : "cuda", tally);
        std::printf("# %d checks, %d failed; largest difference %.2e (%s)\n", tally.checks, tally.failures, tally.worst,
                    tally.worstWhere.c_str());
        std::fflush(stdout);
        if (keep.empty()) removeTree(dir);
        return tally.failures == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::printf("FAIL: %s\n", e.what());
        return 1;
    }
}
