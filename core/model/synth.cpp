#include "model/synth.h"

#include <cmath>
#include <filesystem>

#include "io/atomic_file.h"
#include "model/checkpoint.h"
#include "model/hf_writer.h"
#include "model/safetensors.h"
#include "util/error.h"

namespace spectro {
namespace fs = std::filesystem;
namespace {

// splitmix64: a small, fast, well-mixed generator; one stream per tensor keeps results
// independent of chunking.
struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
};

}  // namespace

ModelConfig llama2Shape(const std::string& name)
{
    ModelConfig c;
    c.vocabSize = 32000;
    c.maxSeqLen = 4096;
    c.ropeTheta = 10000.0;
    c.normEps = 1e-5;
    if (name == "llama2-7b") {
        c.dim = 4096, c.hiddenDim = 11008, c.nLayers = 32, c.nHeads = 32, c.nKvHeads = 32;
    } else if (name == "llama2-13b") {
        c.dim = 5120, c.hiddenDim = 13824, c.nLayers = 40, c.nHeads = 40, c.nKvHeads = 40;
    } else if (name == "llama2-70b") {
        c.dim = 8192, c.hiddenDim = 28672, c.nLayers = 80, c.nHeads = 64, c.nKvHeads = 8;
    } else {
        throw Error("unknown shape '" + name + "' (expected llama2-7b, llama2-13b or llama2-70b)");
    }
    return c;
}

void writeSynthetic(const SynthOptions& options, const std::string& directory, const ProgressFn& progress)
{
    const ModelConfig& c = options.config;
    c.validate("synth");
    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec) throw Error(directory + ": cannot create directory: " + ec.message());

    const std::uint64_t bytes = static_cast<std::uint64_t>(c.parameterCount()) * dtypeSize(options.dtype);
    const auto space = fs::space(directory, ec);
    if (!ec && space.available < bytes + (64u << 20)) {
        throw Error(directory + ": needs " + std::to_string(bytes >> 20) + " MiB for the weights but only " +
                    std::to_string(space.available >> 20) + " MiB are free");
    }

    std::vector<SafetensorsEntry> entries;
    std::uint64_t tensorIndex = 0;
    for (const auto& spec : expectedTensors(c)) {
        if (spec.name == "output" && c.tiedEmbeddings) continue;
        const bool isNorm = spec.shape.size() == 1;
        const std::uint64_t stream = options.seed * 0x100000001b3ull + (++tensorIndex);
        SafetensorsEntry e;
        e.name = huggingFaceName(spec.name);
        e.dtype = options.dtype;
        e.shape = spec.shape;
        e.produce = [spec, isNorm, stream, dtype = options.dtype](const std::function<void(const void*, std::size_t)>& write) {
            std::int64_t n = 1;
            for (auto s : spec.shape) n *= s;
            // Uniform with standard deviation 0.02 (the usual initialiser scale); RMSNorm gains are 1.
            const float amplitude = 0.02f * std::sqrt(3.0f);
            SplitMix64 rng{stream};
            constexpr std::int64_t kChunk = 1 << 20;
            std::vector<float> values;
            std::vector<std::uint16_t> halves;
            for (std::int64_t start = 0; start < n; start += kChunk) {
                const std::int64_t count = std::min(kChunk, n - start);
                values.resize(static_cast<std::size_t>(count));
                for (auto& v : values) {
                    v = isNorm ? 1.0f
                               : amplitude * (static_cast<float>(rng.next() >> 40) * (2.0f / 16777216.0f) - 1.0f);
                }
                if (dtype == DType::F32) {
                    write(values.data(), values.size() * 4);
                    continue;
                }
                halves.resize(values.size());
                for (std::size_t i = 0; i < values.size(); ++i) {
                    halves[i] = dtype == DType::BF16 ? floatToBf16(values[i]) : floatToHalf(values[i]);
                }
                write(halves.data(), halves.size() * 2);
            }
        };
        entries.push_back(std::move(e));
    }
    writeSafetensors((fs::path(directory) / "model.safetensors").string(), entries,
                     {{"format", "pt"}, {"spectroscope", "synthetic random weights"}}, progress);
    const std::string torchDtype = options.dtype == DType::BF16 ? "bfloat16" : options.dtype == DType::F16 ? "float16" : "float32";
    writeFileAtomically((fs::path(directory) / "config.json").string(), huggingFaceConfigJson(c, torchDtype));
    if (!options.tokenizerPath.empty()) {
        const auto target = fs::path(directory) / (options.tokenizerPath.ends_with(".model") ? "tokenizer.model" : "tokenizer.bin");
        fs::copy_file(options.tokenizerPath, target, fs::copy_options::overwrite_existing, ec);
        if (!ec) fs::permissions(target, fs::perms::owner_write, fs::perm_options::add, ec);
        if (ec) throw Error(target.string() + ": cannot copy tokenizer: " + ec.message());
    }
}

}  // namespace spectro
