#include "store/cache_reader.h"

#include <filesystem>

#include "store/cache_writer.h"
#include "store/hdf5_util.h"

namespace spectro {

struct CacheReader::Impl {
    std::string path;
    h5::Handle file;
    ModelConfig config;
    int version = 0;

    std::string stringAttribute(hid_t object, const char* name) const
    {
        if (H5Aexists(object, name) <= 0) return {};
        h5::Handle attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
        h5::Handle type(H5Aget_type(attr.get()), H5Tclose);
        if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) > 0) {
            throw Error(path + ": attribute '" + name + "' is not a fixed-length string");
        }
        std::string value(H5Tget_size(type.get()), '\0');
        // Read with the stored type itself: HDF5 will not convert between ASCII and UTF-8 sets.
        if (H5Aread(attr.get(), type.get(), value.data()) < 0) throw Error(path + ": attribute '" + name + "' is unreadable");
        while (!value.empty() && value.back() == '\0') value.pop_back();
        return value;
    }

    template <typename T>
    T scalarAttribute(hid_t object, const char* name, hid_t memType) const
    {
        if (H5Aexists(object, name) <= 0) throw Error(path + ": attribute '" + std::string(name) + "' is missing");
        h5::Handle attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
        T value{};
        if (H5Aread(attr.get(), memType, &value) < 0) throw Error(path + ": attribute '" + std::string(name) + "' is unreadable");
        return value;
    }

    h5::Handle openDataset(int sample, const std::string& dataset) const
    {
        const std::string name = sampleGroupName(sample) + "/" + dataset;
        if (H5Lexists(file.get(), sampleGroupName(sample).c_str(), H5P_DEFAULT) <= 0 ||
            H5Lexists(file.get(), name.c_str(), H5P_DEFAULT) <= 0) {
            throw Error(path + ": dataset '" + name + "' is missing");
        }
        return h5::Handle(h5::check(H5Dopen2(file.get(), name.c_str(), H5P_DEFAULT), path + ": cannot open " + name), H5Dclose);
    }
};

CacheReader::CacheReader(const std::string& path) : impl_(std::make_unique<Impl>())
{
    h5::silenceErrors();
    impl_->path = path;
    if (!std::filesystem::is_regular_file(path)) throw Error(path + ": cache file not found");
    if (H5Fis_hdf5(path.c_str()) <= 0) throw Error(path + ": not an HDF5 file");
    impl_->file = h5::Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (!impl_->file) throw Error(path + ": cannot open as HDF5 (truncated or corrupt)");
    const hid_t root = impl_->file.get();
    if (impl_->stringAttribute(root, "format") != "spectroscope-cache") {
        throw Error(path + ": not a Spectroscope cache (root attribute 'format' is not \"spectroscope-cache\")");
    }
    impl_->version = impl_->scalarAttribute<int>(root, "format_version", H5T_NATIVE_INT);
    if (impl_->version != 1) {
        throw Error(path + ": cache format version " + std::to_string(impl_->version) + " is not supported (expected 1)");
    }
    if (H5Lexists(root, "model", H5P_DEFAULT) <= 0 || H5Lexists(root, "model/config", H5P_DEFAULT) <= 0) {
        throw Error(path + ": group '/model/config' is missing");
    }
    h5::Handle cfg(H5Gopen2(root, "model/config", H5P_DEFAULT), H5Gclose);
    auto& c = impl_->config;
    c.dim = impl_->scalarAttribute<int>(cfg.get(), "dim", H5T_NATIVE_INT);
    c.hiddenDim = impl_->scalarAttribute<int>(cfg.get(), "hidden_dim", H5T_NATIVE_INT);
    c.nLayers = impl_->scalarAttribute<int>(cfg.get(), "n_layers", H5T_NATIVE_INT);
    c.nHeads = impl_->scalarAttribute<int>(cfg.get(), "n_heads", H5T_NATIVE_INT);
    c.nKvHeads = impl_->scalarAttribute<int>(cfg.get(), "n_kv_heads", H5T_NATIVE_INT);
    c.vocabSize = impl_->scalarAttribute<int>(cfg.get(), "vocab_size", H5T_NATIVE_INT);
    c.maxSeqLen = impl_->scalarAttribute<int>(cfg.get(), "max_seq_len", H5T_NATIVE_INT);
    c.ropeTheta = impl_->scalarAttribute<double>(cfg.get(), "rope_theta", H5T_NATIVE_DOUBLE);
    c.normEps = impl_->scalarAttribute<double>(cfg.get(), "norm_eps", H5T_NATIVE_DOUBLE);
    c.tiedEmbeddings = impl_->scalarAttribute<int>(cfg.get(), "tied_embeddings", H5T_NATIVE_INT) != 0;
    c.validate(path + " /model/config");
}

CacheReader::~CacheReader() = default;

const ModelConfig& CacheReader::config() const { return impl_->config; }
int CacheReader::formatVersion() const { return impl_->version; }

std::string CacheReader::attribute(const std::string& name) const
{
    return impl_->stringAttribute(impl_->file.get(), name.c_str());
}

std::vector<int> CacheReader::sampleIndices() const
{
    std::vector<int> out;
    if (H5Lexists(impl_->file.get(), "samples", H5P_DEFAULT) <= 0) return out;
    h5::Handle group(H5Gopen2(impl_->file.get(), "samples", H5P_DEFAULT), H5Gclose);
    H5G_info_t info;
    H5Gget_info(group.get(), &info);
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        char name[64];
        if (H5Lget_name_by_idx(group.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name, H5P_DEFAULT) < 0) continue;
        h5::Handle sample(H5Gopen2(group.get(), name, H5P_DEFAULT), H5Gclose);
        if (sample && H5Aexists(sample.get(), "complete") > 0) out.push_back(std::atoi(name));
    }
    return out;
}

std::vector<int> CacheReader::tokens(int sample) const
{
    auto ds = impl_->openDataset(sample, "tokens");
    h5::Handle space(H5Dget_space(ds.get()), H5Sclose);
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    std::vector<int> out(static_cast<std::size_t>(std::max<hssize_t>(0, n)));
    if (H5Dread(ds.get(), H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0) {
        throw Error(impl_->path + ": cannot read tokens of sample " + std::to_string(sample));
    }
    return out;
}

bool CacheReader::has(int sample, const std::string& dataset) const
{
    const std::string name = sampleGroupName(sample) + "/" + dataset;
    return H5Lexists(impl_->file.get(), sampleGroupName(sample).c_str(), H5P_DEFAULT) > 0 &&
           H5Lexists(impl_->file.get(), name.c_str(), H5P_DEFAULT) > 0;
}

Array CacheReader::read(int sample, const std::string& dataset) const
{
    auto ds = impl_->openDataset(sample, dataset);
    h5::Handle space(H5Dget_space(ds.get()), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    Array a(std::vector<std::int64_t>(dims.begin(), dims.end()));
    if (H5Dread(ds.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.data.data()) < 0) {
        throw Error(impl_->path + ": cannot read " + sampleGroupName(sample) + "/" + dataset + " (corrupt?)");
    }
    return a;
}

Array CacheReader::readSlice(int sample, const std::string& dataset, std::int64_t index) const
{
    auto ds = impl_->openDataset(sample, dataset);
    h5::Handle space(H5Dget_space(ds.get()), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 1)));
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    if (index < 0 || static_cast<hsize_t>(index) >= dims[0]) {
        throw Error(impl_->path + ": index " + std::to_string(index) + " outside " + dataset + " (size " +
                    std::to_string(dims[0]) + ")");
    }
    std::vector<hsize_t> start(dims.size(), 0), count = dims;
    start[0] = static_cast<hsize_t>(index);
    count[0] = 1;
    H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
    h5::Handle memSpace(H5Screate_simple(static_cast<int>(count.size()) - 1, count.data() + 1, nullptr), H5Sclose);
    Array a(std::vector<std::int64_t>(dims.begin() + 1, dims.end()));
    if (H5Dread(ds.get(), H5T_NATIVE_FLOAT, memSpace.get(), space.get(), H5P_DEFAULT, a.data.data()) < 0) {
        throw Error(impl_->path + ": cannot read " + dataset + " slot " + std::to_string(index));
    }
    return a;
}

}  // namespace spectro
