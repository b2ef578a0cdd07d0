#include "store/cache_writer.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <unistd.h>

#include "store/hdf5_util.h"

namespace spectro {

std::string sampleGroupName(int index)
{
    char name[32];
    std::snprintf(name, sizeof name, "samples/%06d", index);
    return name;
}

namespace {

constexpr int kFormatVersion = 1;

void writeStringAttribute(hid_t object, const char* name, const std::string& value)
{
    h5::Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.get(), value.size() + 1);  // NULLTERM: the terminator takes a byte
    H5Tset_cset(type.get(), H5T_CSET_UTF8);
    h5::Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    h5::Handle attr(h5::check(H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                              std::string("cannot create attribute ") + name),
                    H5Aclose);
    H5Awrite(attr.get(), type.get(), value.c_str());
}

template <typename T>
void writeScalarAttribute(hid_t object, const char* name, hid_t type, T value)
{
    h5::Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    h5::Handle attr(h5::check(H5Acreate2(object, name, type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                              std::string("cannot create attribute ") + name),
                    H5Aclose);
    H5Awrite(attr.get(), type, &value);
}

}  // namespace

struct CacheWriter::Impl {
    std::string path, tempPath;
    h5::Handle file;
    bool committed = false;

    void writeFloat(hid_t group, const char* name, const Array& a)
    {
        if (a.empty()) return;
        std::vector<hsize_t> dims(a.shape.begin(), a.shape.end());
        h5::Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
        // One chunk = one slot of the outermost dimension (a layer), capped near 4 MiB, so that
        // reading one layer of one sample touches nothing else.
        std::vector<hsize_t> chunk = dims;
        chunk[0] = 1;
        while (chunk.size() > 1) {
            hsize_t bytes = 4;
            for (auto c : chunk) bytes *= c;
            if (bytes <= (4u << 20) || chunk[1] == 1) break;
            chunk[1] = (chunk[1] + 1) / 2;
        }
        h5::Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
        H5Pset_chunk(plist.get(), static_cast<int>(chunk.size()), chunk.data());
        h5::Handle ds(h5::check(H5Dcreate2(group, name, H5T_IEEE_F32LE, space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT),
                                path + ": cannot create dataset " + name),
                      H5Dclose);
        if (H5Dwrite(ds.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.data.data()) < 0) {
            throw Error(path + ": cannot write dataset " + name + " (disk full?)");
        }
    }
};

CacheWriter::CacheWriter(const std::string& path, const ModelConfig& config, const CacheIdentity& identity)
    : impl_(std::make_unique<Impl>())
{
    h5::silenceErrors();
    impl_->path = path;
    impl_->tempPath = path + ".tmp-" + std::to_string(::getpid());
    impl_->file = h5::Handle(h5::check(H5Fcreate(impl_->tempPath.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                                       path + ": cannot create cache file"),
                             H5Fclose);
    const hid_t root = impl_->file.get();
    writeStringAttribute(root, "format", "spectroscope-cache");
    writeScalarAttribute(root, "format_version", H5T_NATIVE_INT, kFormatVersion);
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char created[32];
    std::strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    writeStringAttribute(root, "created", created);
    writeStringAttribute(root, "app_version", SPECTRO_VERSION);
    writeStringAttribute(root, "model_path", identity.modelPath);
    writeStringAttribute(root, "model_format", identity.modelFormat);
    writeStringAttribute(root, "model_fingerprint", identity.modelFingerprint);
    writeStringAttribute(root, "tokenizer", identity.tokenizer);
    writeStringAttribute(root, "options", identity.options);

    h5::Handle model(H5Gcreate2(root, "model", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    h5::Handle cfg(H5Gcreate2(model.get(), "config", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    writeScalarAttribute(cfg.get(), "dim", H5T_NATIVE_INT, config.dim);
    writeScalarAttribute(cfg.get(), "hidden_dim", H5T_NATIVE_INT, config.hiddenDim);
    writeScalarAttribute(cfg.get(), "n_layers", H5T_NATIVE_INT, config.nLayers);
    writeScalarAttribute(cfg.get(), "n_heads", H5T_NATIVE_INT, config.nHeads);
    writeScalarAttribute(cfg.get(), "n_kv_heads", H5T_NATIVE_INT, config.nKvHeads);
    writeScalarAttribute(cfg.get(), "vocab_size", H5T_NATIVE_INT, config.vocabSize);
    writeScalarAttribute(cfg.get(), "max_seq_len", H5T_NATIVE_INT, config.maxSeqLen);
    writeScalarAttribute(cfg.get(), "rope_theta", H5T_NATIVE_DOUBLE, config.ropeTheta);
    writeScalarAttribute(cfg.get(), "norm_eps", H5T_NATIVE_DOUBLE, config.normEps);
    writeScalarAttribute(cfg.get(), "tied_embeddings", H5T_NATIVE_INT, config.tiedEmbeddings ? 1 : 0);
    h5::Handle samples(H5Gcreate2(root, "samples", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
}

CacheWriter::~CacheWriter()
{
    if (!impl_->committed) {
        impl_->file.reset();
        ::unlink(impl_->tempPath.c_str());
    }
}

void CacheWriter::addSample(int index, const SampleTaps& taps, const std::string& text, const std::vector<float>& nll)
{
    const std::string name = sampleGroupName(index);
    h5::Handle group(h5::check(H5Gcreate2(impl_->file.get(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                               impl_->path + ": cannot create group " + name),
                     H5Gclose);
    const hsize_t n = taps.tokens.size();
    h5::Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    h5::Handle tokens(H5Dcreate2(group.get(), "tokens", H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                      H5Dclose);
    H5Dwrite(tokens.get(), H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, taps.tokens.data());
    writeStringAttribute(group.get(), "text", text);
    impl_->writeFloat(group.get(), "resid", taps.resid);
    impl_->writeFloat(group.get(), "resid_mid", taps.residMid);
    impl_->writeFloat(group.get(), "attn_out", taps.attnOut);
    impl_->writeFloat(group.get(), "mlp_out", taps.mlpOut);
    impl_->writeFloat(group.get(), "attn", taps.attention);
    impl_->writeFloat(group.get(), "logits", taps.logits);
    if (!nll.empty()) {
        Array a({static_cast<std::int64_t>(nll.size())});
        a.data = nll;
        impl_->writeFloat(group.get(), "nll", a);
    }
    writeScalarAttribute(group.get(), "complete", H5T_NATIVE_INT, 1);  // written last: the sample is whole
}

void CacheWriter::commit()
{
    if (H5Fflush(impl_->file.get(), H5F_SCOPE_GLOBAL) < 0) throw Error(impl_->path + ": cannot flush cache");
    impl_->file.reset();
    std::error_code ec;
    std::filesystem::rename(impl_->tempPath, impl_->path, ec);
    if (ec) throw Error(impl_->path + ": cannot move the finished cache into place: " + ec.message());
    impl_->committed = true;
}

}  // namespace spectro
