#include "store/cache_reader.h"

#include "store/cache_files.h"
#include "store/cache_vocabulary.h"
#include "store/cache_writer.h"
#include "store/float_datasets.h"
#include "store/hdf5_util.h"

#include <algorithm>
#include <charconv>
#include <filesystem>

namespace spectro {

struct CacheReader::Impl {
    std::string path;
    h5::Handle file;
    ModelConfig config;
    int version = 0;
    TapDType dtype = TapDType::Float32;

    // One line: what is wrong, HDF5's own reason when it has one, and a hint for temporaries.
    [[noreturn]] void fail(const std::string& what) const
    {
        std::string message = path + ": " + what;
        const std::string detail = h5::lastErrorDetail();
        if (!detail.empty()) message += " (HDF5: " + detail + ")";
        if (isCacheTemporary(path)) message += "; this is the temporary file of an unfinished cache write, not a cache";
        throw Error(message);
    }

    h5::Handle dataset(const std::string& name) const { return h5::openDataset(file.get(), name, path); }

    void readConfig()
    {
        h5::Handle cfg = h5::openGroup(file.get(), "model/config", path);
        const hid_t g = cfg.get();
        const std::string where = "/model/config";
        auto& c = config;
        c.dim = h5::readInt(g, "dim", path, where);
        c.hiddenDim = h5::readInt(g, "hidden_dim", path, where);
        c.nLayers = h5::readInt(g, "n_layers", path, where);
        c.nHeads = h5::readInt(g, "n_heads", path, where);
        c.nKvHeads = h5::readInt(g, "n_kv_heads", path, where);
        c.vocabSize = h5::readInt(g, "vocab_size", path, where);
        c.maxSeqLen = h5::readInt(g, "max_seq_len", path, where);
        c.ropeTheta = h5::readDouble(g, "rope_theta", path, where);
        c.normEps = h5::readDouble(g, "norm_eps", path, where);
        c.tiedEmbeddings = h5::readInt(g, "tied_embeddings", path, where) != 0;
        c.validate(path + " /model/config");
    }

    template <typename T> std::vector<T> readVector(const std::string& name, hid_t memType, std::size_t expected) const
    {
        h5::Handle ds = dataset(name);
        hsize_t n = 1;
        for (auto d : h5::dimensions(ds.get())) n *= d;
        if (expected && n != expected) {
            throw Error(path + ": dataset '" + name + "' has " + std::to_string(n) + " values; expected " +
                        std::to_string(expected));
        }
        std::vector<T> out(n);
        if (n && H5Dread(ds.get(), memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
            fail("cannot read '" + name + "' (corrupt?)");
        return out;
    }
};

CacheReader::CacheReader(const std::string& path) : impl_(std::make_unique<Impl>())
{
    h5::silenceErrors();
    impl_->path = path;
    if (!std::filesystem::is_regular_file(path)) throw Error(path + ": cache file not found");
    if (H5Fis_hdf5(path.c_str()) <= 0) impl_->fail("not an HDF5 file");
    const h5::Handle fapl = h5::fileAccess();
    impl_->file = h5::Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()), H5Fclose);
    if (!impl_->file) impl_->fail("cannot open as HDF5: truncated, corrupt, or still being written");
    const hid_t root = impl_->file.get();
    if (h5::readString(root, "format", path) != "spectroscope-cache") {
        impl_->fail("not a Spectroscope cache (root attribute 'format' is not \"spectroscope-cache\")");
    }
    impl_->version = h5::readInt(root, "format_version", path, "the root group");
    if (impl_->version < 1 || impl_->version > kCacheFormatVersion) {
        throw Error(path + ": cache format version " + std::to_string(impl_->version) +
                    " is not supported (this build reads 1 to " + std::to_string(kCacheFormatVersion) + ")");
    }
    const std::string dtype = h5::readString(root, "tap_dtype", path);
    if (!dtype.empty()) impl_->dtype = parseTapDType(dtype);
    impl_->readConfig();
}

CacheReader::~CacheReader() = default;

const std::string& CacheReader::path() const
{
    return impl_->path;
}
const ModelConfig& CacheReader::config() const
{
    return impl_->config;
}
int CacheReader::formatVersion() const
{
    return impl_->version;
}
TapDType CacheReader::tapDType() const
{
    return impl_->dtype;
}

std::string CacheReader::attribute(const std::string& name) const
{
    return h5::readString(impl_->file.get(), name, impl_->path);
}

std::vector<int> CacheReader::sampleIndices() const
{
    std::vector<int> out;
    if (!h5::exists(impl_->file.get(), "samples")) return out;
    h5::Handle group = h5::openGroup(impl_->file.get(), "samples", impl_->path);
    H5G_info_t info{};
    if (H5Gget_info(group.get(), &info) < 0) impl_->fail("cannot list /samples (corrupt?)");
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        char name[64] = {};
        if (H5Lget_name_by_idx(group.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name, H5P_DEFAULT) < 0)
            continue;
        const std::string n = name;
        if (n.size() != 6 || n.find_first_not_of("0123456789") != std::string::npos) continue;
        // Only a readable group without `complete` is an unfinished sample; a group that cannot
        // be read is damage, and skipping it would silently lose a sample.
        h5::Handle sample(H5Gopen2(group.get(), name, H5P_DEFAULT), H5Gclose);
        const htri_t complete = sample ? H5Aexists(sample.get(), "complete") : -1;
        if (complete < 0) impl_->fail("group '/samples/" + n + "' is unreadable (corrupt?)");
        if (complete > 0) out.push_back(std::stoi(n));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<int> CacheReader::tokens(int sample) const
{
    auto out = impl_->readVector<int>(sampleGroupName(sample) + "/tokens", H5T_NATIVE_INT, 0);
    countBytes(out.size() * sizeof(int));
    return out;
}

std::string CacheReader::text(int sample) const
{
    h5::Handle group = h5::openGroup(impl_->file.get(), sampleGroupName(sample), impl_->path);
    return h5::readString(group.get(), "text", impl_->path);
}

bool CacheReader::has(int sample, const std::string& dataset) const
{
    return h5::exists(impl_->file.get(), sampleGroupName(sample) + "/" + dataset);
}

Array CacheReader::read(int sample, const std::string& dataset) const
{
    const std::string name = sampleGroupName(sample) + "/" + dataset;
    h5::Handle ds = impl_->dataset(name);
    Array a = h5::readFloatDataset(ds.get(), impl_->path, name);
    countBytes(a.data.size() * sizeof(float));
    return a;
}

Array CacheReader::readSlice(int sample, const std::string& dataset, std::int64_t index) const
{
    const std::string name = sampleGroupName(sample) + "/" + dataset;
    h5::Handle ds = impl_->dataset(name);
    Array a = h5::readFloatSlot(ds.get(), index, impl_->path, name);
    countBytes(a.data.size() * sizeof(float));
    return a;
}

Array CacheReader::readBlock(int sample, const std::string& dataset, const std::vector<std::int64_t>& start,
                             const std::vector<std::int64_t>& count) const
{
    const std::string name = sampleGroupName(sample) + "/" + dataset;
    h5::Handle ds = impl_->dataset(name);
    Array a = h5::readFloatBlock(ds.get(), start, count, impl_->path, name);
    countBytes(a.data.size() * sizeof(float));
    return a;
}

std::vector<std::int64_t> CacheReader::shape(int sample, const std::string& dataset) const
{
    h5::Handle ds = impl_->dataset(sampleGroupName(sample) + "/" + dataset);
    const auto dims = h5::dimensions(ds.get());
    return {dims.begin(), dims.end()};
}

bool CacheReader::hasSpectrum(const std::string& matrix) const
{
    return h5::exists(impl_->file.get(), "spectrum/" + matrix + "/vectors");
}

StoredSpectrum CacheReader::readSpectrum(const std::string& matrix) const
{
    const std::string base = "spectrum/" + matrix;
    StoredSpectrum s;
    s.singularValues = impl_->readVector<double>(base + "/singular_values", H5T_NATIVE_DOUBLE, 0);
    s.dim = static_cast<int>(s.singularValues.size());
    const auto d = static_cast<std::size_t>(s.dim);
    s.vectors = impl_->readVector<double>(base + "/vectors", H5T_NATIVE_DOUBLE, d * d);
    s.bandEdges = impl_->readVector<int>(base + "/band_edges", H5T_NATIVE_INT, 0);
    h5::Handle group = h5::openGroup(impl_->file.get(), base, impl_->path);
    s.foldedNorm = h5::readInt(group.get(), "folded_norm", impl_->path, "/" + base) != 0;
    countBytes((s.singularValues.size() + s.vectors.size()) * sizeof(double) + s.bandEdges.size() * sizeof(int));
    return s;
}

StoredSpectrum CacheReader::readSpectrumValues(const std::string& matrix) const
{
    const std::string base = "spectrum/" + matrix;
    StoredSpectrum s;
    s.singularValues = impl_->readVector<double>(base + "/singular_values", H5T_NATIVE_DOUBLE, 0);
    s.dim = static_cast<int>(s.singularValues.size());
    s.bandEdges = impl_->readVector<int>(base + "/band_edges", H5T_NATIVE_INT, 0);
    h5::Handle group = h5::openGroup(impl_->file.get(), base, impl_->path);
    s.foldedNorm = h5::readInt(group.get(), "folded_norm", impl_->path, "/" + base) != 0;
    countBytes(s.singularValues.size() * sizeof(double) + s.bandEdges.size() * sizeof(int));
    return s;
}

bool CacheReader::hasVocabulary() const
{
    return h5::hasVocabulary(impl_->file.get());
}

StoredVocabulary CacheReader::vocabulary() const
{
    StoredVocabulary v = h5::readVocabulary(impl_->file.get(), impl_->path);
    std::uint64_t bytes = 0;
    for (const auto& piece : v.pieces) bytes += piece.size();
    countBytes(bytes);
    return v;
}

bool CacheReader::hasAnalysis(const std::string& path) const
{
    return h5::exists(impl_->file.get(), "analysis/" + path);
}

Array CacheReader::readAnalysis(const std::string& path) const
{
    const std::string name = "analysis/" + path;
    h5::Handle ds = impl_->dataset(name);
    Array a = h5::readFloatDataset(ds.get(), impl_->path, name);
    countBytes(a.data.size() * sizeof(float));
    return a;
}

Array CacheReader::readAnalysisBlock(const std::string& path, const std::vector<std::int64_t>& start,
                                     const std::vector<std::int64_t>& count) const
{
    const std::string name = "analysis/" + path;
    h5::Handle ds = impl_->dataset(name);
    Array a = h5::readFloatBlock(ds.get(), start, count, impl_->path, name);
    countBytes(a.data.size() * sizeof(float));
    return a;
}

std::vector<std::int64_t> CacheReader::analysisShape(const std::string& path) const
{
    h5::Handle ds = impl_->dataset("analysis/" + path);
    const auto dims = h5::dimensions(ds.get());
    return {dims.begin(), dims.end()};
}

FlagArray CacheReader::readAnalysisFlags(const std::string& path) const
{
    const std::string name = "analysis/" + path;
    h5::Handle ds = impl_->dataset(name);
    h5::Handle type(H5Dget_type(ds.get()), H5Tclose);
    if (!type || H5Tget_class(type.get()) != H5T_INTEGER || H5Tget_size(type.get()) != 1) {
        throw Error(impl_->path + ": dataset '" + name + "' is not a uint8 flag array");
    }
    FlagArray f;
    for (auto d : h5::dimensions(ds.get())) f.shape.push_back(static_cast<std::int64_t>(d));
    f.data.resize(static_cast<std::size_t>(Array::count(f.shape)));
    if (!f.data.empty() && H5Dread(ds.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, f.data.data()) < 0) {
        impl_->fail("cannot read '" + name + "' (corrupt?)");
    }
    countBytes(f.data.size());
    return f;
}

std::string CacheReader::analysisDescription(const std::string& path) const
{
    const std::string name = "analysis/" + path;
    h5::Handle ds = impl_->dataset(name);
    return h5::readString(ds.get(), "description", impl_->path);
}

std::map<std::string, std::string> CacheReader::analysisAttributes() const
{
    std::map<std::string, std::string> out;
    if (!h5::exists(impl_->file.get(), "analysis")) return out;
    h5::Handle group = h5::openGroup(impl_->file.get(), "analysis", impl_->path);
    H5O_info_t info{};
    if (H5Oget_info2(group.get(), &info, H5O_INFO_NUM_ATTRS) < 0)
        impl_->fail("cannot read the attributes of /analysis");
    for (hsize_t i = 0; i < info.num_attrs; ++i) {
        h5::Handle attr(H5Aopen_by_idx(group.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT),
                        H5Aclose);
        if (!attr) continue;
        const ssize_t length = H5Aget_name(attr.get(), 0, nullptr);
        std::string name(static_cast<std::size_t>(std::max<ssize_t>(length, 0)), '\0');
        H5Aget_name(attr.get(), name.size() + 1, name.data());
        h5::Handle type(H5Aget_type(attr.get()), H5Tclose);
        if (H5Tget_class(type.get()) == H5T_STRING) {
            out[name] = h5::readString(group.get(), name, impl_->path);
        } else {
            double value = 0;
            if (H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value) < 0) continue; // not a number: skip
            char text[32];
            const auto end = std::to_chars(text, text + sizeof text, value).ptr; // shortest exact form
            out[name] = std::string(text, end);
        }
    }
    return out;
}

} // namespace spectro
