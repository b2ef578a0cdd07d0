#include "model/llama2c_loader.h"

#include <cmath>

#include "io/byte_reader.h"
#include "io/mapped_file.h"
#include "util/memory.h"

namespace spectro {
namespace {

constexpr std::uint32_t kMagic = 0x616b3432;  // "ak42"
constexpr std::uint64_t kHeaderBytes = 256;   // v1 and v2

struct Header {
    ModelConfig config;
    int version = 0;
    bool shared = true;
    int groupSize = 0;
};

Header readHeader(const MappedFile& file)
{
    ByteReader in(file);
    Header h;
    const auto magic = in.read<std::uint32_t>("magic");
    if (magic == kMagic) {
        h.version = in.read<std::int32_t>("version");
        if (h.version != 1 && h.version != 2) {
            throw Error(file.path() + ": llama2.c version " + std::to_string(h.version) +
                        " is not supported (expected 1 or 2)");
        }
    } else {
        in.seek(0);
    }
    auto& c = h.config;
    c.dim = in.read<std::int32_t>("dim");
    c.hiddenDim = in.read<std::int32_t>("hidden_dim");
    c.nLayers = in.read<std::int32_t>("n_layers");
    c.nHeads = in.read<std::int32_t>("n_heads");
    c.nKvHeads = in.read<std::int32_t>("n_kv_heads");
    const auto vocab = in.read<std::int32_t>("vocab_size");
    c.maxSeqLen = in.read<std::int32_t>("seq_len");
    if (h.version == 0) {
        h.shared = vocab > 0;  // llama2.c marks a separate classifier with a negative vocab size
        // -INT_MIN does not exist; validate() refuses the 0 this maps it to.
        c.vocabSize = vocab > 0 ? vocab : vocab == INT32_MIN ? 0 : -vocab;
    } else {
        const auto shared = in.read<std::uint8_t>("shared_classifier");
        if (shared > 1) {
            throw Error(file.path() + ": field 'shared_classifier' = " + std::to_string(shared) + " is invalid (expected 0 or 1)");
        }
        h.shared = shared != 0;
        c.vocabSize = vocab;
        if (h.version == 2) h.groupSize = in.read<std::int32_t>("group_size");
    }
    c.tiedEmbeddings = h.shared;
    c.ropeTheta = 10000.0;
    c.sources["rope_theta"] = "llama2.c's constant 10000";
    c.normEps = 1e-5;
    c.validate(file.path());
    if (h.version == 2 && (h.groupSize <= 0 || c.dim % h.groupSize != 0)) {
        throw Error(file.path() + ": field 'group_size' = " + std::to_string(h.groupSize) +
                    " is invalid (must be positive and divide dim " + std::to_string(c.dim) + ")");
    }
    return h;
}

// The tensors of one kind for every layer, in file order.
std::vector<TensorSpec> layerSpecs(const ModelConfig& c, const char* leaf)
{
    std::vector<TensorSpec> out;
    for (const auto& spec : expectedTensors(c)) {
        const std::string suffix = std::string(".") + leaf;
        if (spec.name.starts_with("layers.") && spec.name.ends_with(suffix)) out.push_back(spec);
    }
    return out;
}

class Llama2cReader {
public:
    Llama2cReader(std::shared_ptr<const MappedFile> file, Checkpoint& ckpt, std::uint64_t start, int groupSize)
        : file_(std::move(file)), ckpt_(ckpt), in_(*file_, start), groupSize_(groupSize)
    {
    }

    void fp32(const TensorSpec& spec)
    {
        RawTensor t;
        t.name = spec.name;
        t.dtype = DType::F32;
        t.shape = spec.shape;
        t.data = in_.take(static_cast<std::uint64_t>(t.numel()) * 4, spec.name);
        t.keepAlive = file_;
        ckpt_.tensors[spec.name] = std::move(t);
    }

    void skip(std::uint64_t bytes, const std::string& what) { in_.take(bytes, what); }

    void q80(const TensorSpec& spec)
    {
        std::int64_t n = 1;
        for (auto s : spec.shape) n *= s;
        if (n % groupSize_ != 0) {
            throw Error(file_->path() + ": tensor '" + spec.name + "' has " + std::to_string(n) +
                        " values, not a multiple of group_size " + std::to_string(groupSize_));
        }
        const auto* q = reinterpret_cast<const std::int8_t*>(in_.take(static_cast<std::uint64_t>(n), spec.name));
        const std::int64_t groups = n / groupSize_;
        const std::byte* scaleBytes = in_.take(static_cast<std::uint64_t>(groups) * 4, spec.name + " scales");
        std::vector<float> values(static_cast<std::size_t>(n));
        for (std::int64_t g = 0; g < groups; ++g) {
            float scale;
            std::memcpy(&scale, scaleBytes + 4 * g, 4);
            for (int i = 0; i < groupSize_; ++i) {
                const auto k = static_cast<std::size_t>(g * groupSize_ + i);
                values[k] = static_cast<float>(q[k]) * scale;
            }
        }
        ckpt_.tensors[spec.name] = makeOwnedFloatTensor(spec.name, spec.shape, std::move(values));
    }

    void expectEnd()
    {
        if (in_.remaining() != 0) {
            throw Error(file_->path() + ": " + std::to_string(in_.remaining()) +
                        " unexpected trailing bytes after the last tensor (header and file size disagree)");
        }
    }

private:
    std::shared_ptr<const MappedFile> file_;
    Checkpoint& ckpt_;
    ByteReader in_;
    int groupSize_;
};

void shareClassifier(Checkpoint& ckpt)
{
    RawTensor out = ckpt.tensors.at("token_embedding");
    out.name = "output";
    ckpt.tensors["output"] = out;
}

}  // namespace

bool looksLikeLlama2c(const MappedFile& file)
{
    if (file.size() >= 8) {
        std::uint32_t magic;
        std::memcpy(&magic, file.data(), 4);
        if (magic == kMagic) return true;
    }
    if (file.size() < 28) return false;
    std::int32_t header[7];
    std::memcpy(header, file.data(), sizeof header);
    return header[0] > 0 && header[0] <= 65536 && header[1] > 0 && header[2] > 0 && header[2] <= 1024 &&
           header[3] > 0 && header[4] > 0 && header[5] != 0 && header[6] > 0;
}

Checkpoint loadLlama2c(std::shared_ptr<const MappedFile> file, const ProgressFn& progress)
{
    const Header h = readHeader(*file);
    Checkpoint ckpt;
    ckpt.path = file->path();
    ckpt.config = h.config;
    const auto& c = ckpt.config;
    const auto specs = expectedTensors(c);
    auto spec = [&](const std::string& name) {
        for (const auto& s : specs)
            if (s.name == name) return s;
        throw Error("internal: no spec for " + name);
    };
    static const char* kMatrices[] = {"wq", "wk", "wv", "wo", "w1", "w2", "w3"};
    reportProgress(progress, 0.0, "reading llama2.c checkpoint");

    if (h.version == 0) {
        ckpt.format = CheckpointFormat::Llama2cV0;
        ckpt.storedDType = "f32";
        Llama2cReader r(file, ckpt, 28, 0);
        r.fp32(spec("token_embedding"));
        for (const auto& s : layerSpecs(c, "attention_norm")) r.fp32(s);
        for (const char* m : {"wq", "wk", "wv", "wo"})
            for (const auto& s : layerSpecs(c, m)) r.fp32(s);
        for (const auto& s : layerSpecs(c, "ffn_norm")) r.fp32(s);
        for (const char* m : {"w1", "w2", "w3"})
            for (const auto& s : layerSpecs(c, m)) r.fp32(s);
        r.fp32(spec("output_norm"));
        // The legacy format stores a RoPE table we recompute from theta; skip it.
        const auto ropeBytes = static_cast<std::uint64_t>(c.maxSeqLen) * static_cast<std::uint64_t>(c.headDim() / 2) * 4;
        r.skip(2 * ropeBytes, "freq_cis tables");
        if (!h.shared) r.fp32(spec("output"));
        r.expectEnd();
    } else {
        if (h.version == 2 && static_cast<std::uint64_t>(c.parameterCount()) * 4 > availableMemoryBytes()) {
            throw Error(file->path() + ": needs " + formatBytes(static_cast<std::uint64_t>(c.parameterCount()) * 4) +
                        " once dequantised to float32, but only " + formatBytes(availableMemoryBytes()) +
                        " of memory are available");
        }
        ckpt.format = h.version == 1 ? CheckpointFormat::Llama2cV1 : CheckpointFormat::Llama2cV2;
        ckpt.storedDType = h.version == 1 ? "f32" : "q8_0";
        Llama2cReader r(file, ckpt, kHeaderBytes, h.groupSize);
        for (const auto& s : layerSpecs(c, "attention_norm")) r.fp32(s);
        for (const auto& s : layerSpecs(c, "ffn_norm")) r.fp32(s);
        r.fp32(spec("output_norm"));
        auto matrix = [&](const TensorSpec& s) { h.version == 1 ? r.fp32(s) : r.q80(s); };
        matrix(spec("token_embedding"));
        int done = 0;
        for (const char* m : kMatrices) {
            for (const auto& s : layerSpecs(c, m)) matrix(s);
            reportProgress(progress, ++done / 8.0, "reading llama2.c checkpoint");
        }
        if (!h.shared) matrix(spec("output"));
        r.expectEnd();
    }
    if (h.shared) shareClassifier(ckpt);
    checkTensors(ckpt);
    reportProgress(progress, 1.0, "reading llama2.c checkpoint");
    return ckpt;
}

}  // namespace spectro
