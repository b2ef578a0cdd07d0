#include "store/cache_writer.h"

#include "store/cache_reader.h"
#include "store/cache_vocabulary.h"
#include "store/float_datasets.h"
#include "store/staged_cache.h"

#include <cstdio>

namespace spectro {

std::string sampleName(int index)
{
    char name[16];
    std::snprintf(name, sizeof name, "%06d", index);
    return name;
}

std::string sampleGroupName(int index)
{
    return "samples/" + sampleName(index);
}

namespace {

void writeConfig(hid_t file, const ModelConfig& config, const std::string& path)
{
    h5::Handle cfg = h5::requireGroup(file, "model/config", path);
    const hid_t g = cfg.get();
    h5::writeInt(g, "dim", config.dim);
    h5::writeInt(g, "hidden_dim", config.hiddenDim);
    h5::writeInt(g, "n_layers", config.nLayers);
    h5::writeInt(g, "n_heads", config.nHeads);
    h5::writeInt(g, "n_kv_heads", config.nKvHeads);
    h5::writeInt(g, "vocab_size", config.vocabSize);
    h5::writeInt(g, "max_seq_len", config.maxSeqLen);
    h5::writeDouble(g, "rope_theta", config.ropeTheta);
    h5::writeDouble(g, "norm_eps", config.normEps);
    h5::writeInt(g, "tied_embeddings", config.tiedEmbeddings ? 1 : 0);
}

void checkSpectrum(const std::string& file, const std::string& matrix, int dim,
                   const std::vector<double>& singularValues, const std::vector<double>& vectors,
                   const std::vector<int>& bandEdges)
{
    const std::string where = file + ": spectrum '" + matrix + "'";
    if (matrix != "unembed" && matrix != "embed") throw Error(where + ": matrix must be \"unembed\" or \"embed\"");
    const std::size_t d = singularValues.size();
    if (d != static_cast<std::size_t>(dim)) {
        throw Error(where + " has " + std::to_string(d) + " singular values; the model's dim is " +
                    std::to_string(dim));
    }
    if (vectors.size() != d * d) {
        throw Error(where + " has " + std::to_string(vectors.size()) +
                    " vector entries; expected d*d = " + std::to_string(d * d));
    }
    if (bandEdges.size() < 2) throw Error(where + ": band_edges needs at least 2 entries (N+1 for N bands)");
    for (std::size_t i = 0; i < bandEdges.size(); ++i) {
        const int e = bandEdges[i];
        if (e < 0 || e > dim || (i > 0 && e <= bandEdges[i - 1])) {
            throw Error(where + ": band_edges[" + std::to_string(i) + "] = " + std::to_string(e) +
                        " (edges must increase from 0 to at most d = " + std::to_string(dim) + ")");
        }
    }
}

} // namespace

struct CacheWriter::Impl {
    std::unique_ptr<StagedCache> staged;
    ModelConfig config;
    TapStorage storage;
    std::size_t overflows = 0;

    const std::string& path() const { return staged->target(); }
    hid_t file() const { return staged->file(); }
};

CacheWriter::CacheWriter() : impl_(std::make_unique<Impl>()) {}

CacheWriter::CacheWriter(const std::string& path, const ModelConfig& config, const CacheIdentity& identity,
                         const TapStorage& storage)
    : impl_(std::make_unique<Impl>())
{
    impl_->config = config;
    impl_->storage = storage;
    impl_->staged = std::make_unique<StagedCache>(path, StagedCache::Start::Empty);
    const hid_t root = impl_->file();
    // `format` itself is written by StagedCache::publish(), last.
    h5::writeInt(root, "format_version", kCacheFormatVersion);
    h5::writeString(root, "created", utcTimestamp());
    h5::writeString(root, "app_version", SPECTRO_VERSION);
    h5::writeString(root, "model_path", identity.modelPath);
    h5::writeString(root, "model_format", identity.modelFormat);
    h5::writeString(root, "model_fingerprint", identity.modelFingerprint);
    h5::writeString(root, "tokenizer", identity.tokenizer);
    h5::writeString(root, "options", identity.options);
    h5::writeString(root, "tap_dtype", tapDTypeName(storage.dtype));
    writeConfig(root, config, path);
    h5::requireGroup(root, "samples", path);
}

CacheWriter CacheWriter::append(const std::string& path, const TapStorage& storage)
{
    CacheWriter w;
    {
        // Validates the cache (a foreign or broken file is refused here) and learns its shape.
        const CacheReader existing(path);
        if (existing.tapDType() != storage.dtype) {
            throw Error(path + ": the cache stores " + tapDTypeName(existing.tapDType()) + " taps; cannot add " +
                        tapDTypeName(storage.dtype) + " samples to it");
        }
        w.impl_->config = existing.config();
    }
    w.impl_->storage = storage;
    w.impl_->staged = std::make_unique<StagedCache>(path, StagedCache::Start::CopyOfTarget);
    const hid_t root = w.impl_->file();
    // Version 2 only adds to version 1, so an extended version-1 cache is a valid version 2.
    h5::writeInt(root, "format_version", kCacheFormatVersion);
    if (H5Aexists(root, "tap_dtype") <= 0) h5::writeString(root, "tap_dtype", tapDTypeName(storage.dtype));
    h5::requireGroup(root, "samples", path);
    return w;
}

CacheWriter::CacheWriter(CacheWriter&&) noexcept = default;
CacheWriter& CacheWriter::operator=(CacheWriter&&) noexcept = default;
CacheWriter::~CacheWriter() = default; // StagedCache deletes an unpublished temporary

void CacheWriter::addSample(int index, const SampleTaps& taps, const std::string& text, const std::vector<float>& nll)
{
    const std::string& path = impl_->path();
    const std::string name = sampleGroupName(index);
    if (h5::exists(impl_->file(), name)) H5Ldelete(impl_->file(), name.c_str(), H5P_DEFAULT);
    h5::Handle group = h5::requireGroup(impl_->file(), name, path);
    const hsize_t n = taps.tokens.size();
    h5::writeSmallDataset(group.get(), "tokens", H5T_STD_I32LE, H5T_NATIVE_INT, {n}, taps.tokens.data(), path);
    h5::writeString(group.get(), "text", text);
    const std::pair<const char*, const Array*> tapsByName[] = {
        {"resid", &taps.resid},    {"resid_mid", &taps.residMid}, {"attn_out", &taps.attnOut},
        {"mlp_out", &taps.mlpOut}, {"attn", &taps.attention},     {"logits", &taps.logits},
    };
    for (const auto& [dataset, array] : tapsByName) {
        impl_->overflows += h5::writeFloatDataset(group.get(), dataset, *array, impl_->storage, path);
    }
    if (!nll.empty()) {
        const Array a = Array::of({static_cast<std::int64_t>(nll.size())}, nll);
        // Per-token losses are small and summed over many tokens: always float32.
        TapStorage exact = impl_->storage;
        exact.dtype = TapDType::Float32;
        h5::writeFloatDataset(group.get(), "nll", a, exact, path);
    }
    h5::writeInt(group.get(), "complete", 1); // written last: the sample is whole
}

void CacheWriter::setSpectrum(const std::string& matrix, const std::vector<double>& singularValues,
                              const std::vector<double>& vectors, const std::vector<int>& bandEdges, bool foldedNorm)
{
    const std::string& path = impl_->path();
    checkSpectrum(path, matrix, impl_->config.dim, singularValues, vectors, bandEdges);
    const std::string name = "spectrum/" + matrix;
    if (h5::exists(impl_->file(), name)) H5Ldelete(impl_->file(), name.c_str(), H5P_DEFAULT);
    h5::Handle group = h5::requireGroup(impl_->file(), name, path);
    const hsize_t d = singularValues.size();
    h5::writeSmallDataset(group.get(), "singular_values", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {d}, singularValues.data(),
                          path);
    h5::writeSmallDataset(group.get(), "vectors", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {d, d}, vectors.data(), path);
    h5::writeSmallDataset(group.get(), "band_edges", H5T_STD_I32LE, H5T_NATIVE_INT, {bandEdges.size()},
                          bandEdges.data(), path);
    h5::writeInt(group.get(), "folded_norm", foldedNorm ? 1 : 0);
}

void CacheWriter::setVocabulary(const std::vector<std::string>& pieces, int bosId, int eosId)
{
    const std::string& path = impl_->path();
    const int vocab = impl_->config.vocabSize;
    if (pieces.empty() || pieces.size() > static_cast<std::size_t>(vocab)) {
        throw Error(path + ": a vocabulary of " + std::to_string(pieces.size()) + " pieces for a model of vocab_size " +
                    std::to_string(vocab) + " (expected 1 to vocab_size pieces)");
    }
    h5::writeVocabulary(impl_->file(), {pieces, bosId, eosId}, path);
}

void CacheWriter::setOptions(const std::string& optionsJson)
{
    h5::writeString(impl_->file(), "options", optionsJson);
}

double CacheWriter::checkpoint()
{
    return impl_->staged->publishAndContinue();
}

void CacheWriter::commit()
{
    impl_->staged->publish();
}

const std::string& CacheWriter::path() const
{
    return impl_->path();
}
const std::string& CacheWriter::temporaryPath() const
{
    return impl_->staged->temporaryPath();
}
const ModelConfig& CacheWriter::config() const
{
    return impl_->config;
}
std::size_t CacheWriter::overflowedValues() const
{
    return impl_->overflows;
}

} // namespace spectro
