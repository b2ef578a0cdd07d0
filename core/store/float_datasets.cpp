#include "store/float_datasets.h"

#include "store/half_float.h"

#include <cstdint>

namespace spectro::h5 {
namespace {

constexpr hsize_t kChunkBytes = 4u << 20;

// Reads `count` values selected by (memSpace, fileSpace) into `out` as float32.
bool readConverted(hid_t dataset, hid_t memSpace, hid_t fileSpace, std::size_t count, float* out)
{
    if (count == 0) return true; // HDF5 refuses a null buffer even for nothing
    Handle type(H5Dget_type(dataset), H5Tclose);
    if (!type || H5Tget_class(type.get()) != H5T_FLOAT) return false;
    const auto sixteen = sixteenBitType(type.get());
    if (!sixteen) return H5Dread(dataset, H5T_NATIVE_FLOAT, memSpace, fileSpace, H5P_DEFAULT, out) >= 0;
    // Read the stored bits unconverted (memory type = file type) and widen them here: HDF5's
    // generic float converter is about 100 times slower.
    std::vector<std::uint16_t> bits(count);
    if (H5Dread(dataset, type.get(), memSpace, fileSpace, H5P_DEFAULT, bits.data()) < 0) return false;
    if (*sixteen == TapDType::Float16)
        halfToFloat(bits.data(), out, count);
    else
        bfloat16ToFloat(bits.data(), out, count);
    return true;
}

} // namespace

Handle tapFileType(TapDType dtype)
{
    if (dtype == TapDType::Float32) return Handle(H5Tcopy(H5T_IEEE_F32LE), H5Tclose);
    Handle t(H5Tcopy(H5T_IEEE_F32LE), H5Tclose);
    // Fields first (they must fit the current 32 bits), then shrink to 2 bytes: h5py's recipe.
    if (dtype == TapDType::Float16) {
        H5Tset_fields(t.get(), 15, 10, 5, 0, 10); // sign bit, exponent at 10..14, mantissa 0..9
        H5Tset_size(t.get(), 2);
        H5Tset_ebias(t.get(), 15);
    } else {
        H5Tset_fields(t.get(), 15, 7, 8, 0, 7); // sign bit, exponent at 7..14, mantissa 0..6
        H5Tset_size(t.get(), 2);
        H5Tset_ebias(t.get(), 127);
    }
    return t;
}

std::optional<TapDType> sixteenBitType(hid_t type)
{
    if (H5Tget_class(type) != H5T_FLOAT || H5Tget_size(type) != 2) return std::nullopt;
    for (TapDType d : {TapDType::Float16, TapDType::BFloat16}) {
        Handle ours = tapFileType(d);
        if (H5Tequal(type, ours.get()) > 0) return d;
    }
    return std::nullopt;
}

std::vector<hsize_t> chunkShape(const std::vector<hsize_t>& dims, std::size_t elementBytes)
{
    std::vector<hsize_t> chunk = dims;
    for (auto& c : chunk) c = std::max<hsize_t>(c, 1); // HDF5 refuses zero-sized chunks
    const hsize_t maxElements = kChunkBytes / elementBytes;
    if (chunk.size() == 1) {
        chunk[0] = std::min(chunk[0], maxElements);
        return chunk;
    }
    chunk[0] = 1;
    for (std::size_t axis = 1; axis < chunk.size(); ++axis) {
        hsize_t elements = 1;
        for (auto c : chunk) elements *= c;
        while (elements > maxElements && chunk[axis] > 1) {
            chunk[axis] = (chunk[axis] + 1) / 2;
            elements = 1;
            for (auto c : chunk) elements *= c;
        }
        if (elements <= maxElements) break;
    }
    return chunk;
}

std::size_t writeFloatDataset(hid_t group, const std::string& name, const Array& a, const TapStorage& storage,
                              const std::string& file)
{
    if (a.empty()) return 0;
    const std::vector<hsize_t> dims(a.shape.begin(), a.shape.end());
    Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
    Handle type = tapFileType(storage.dtype);
    const std::vector<hsize_t> chunk = chunkShape(dims, tapDTypeBytes(storage.dtype));
    Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    H5Pset_chunk(plist.get(), static_cast<int>(chunk.size()), chunk.data());
    if (storage.compression > 0) {
        H5Pset_shuffle(plist.get());
        H5Pset_deflate(plist.get(), static_cast<unsigned>(storage.compression));
    }
    if (storage.checksum) H5Pset_fletcher32(plist.get());
    // Chunks are written whole; skip HDF5's fill pass over freshly allocated space.
    H5Pset_fill_time(plist.get(), H5D_FILL_TIME_NEVER);
    Handle ds(H5Dcreate2(group, name.c_str(), type.get(), space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT),
              H5Dclose);
    if (!ds) throw Error(file + ": cannot create dataset '" + name + "'");
    const std::string failed = file + ": cannot write dataset '" + name + "' (disk full?)";
    if (storage.dtype == TapDType::Float32) {
        if (H5Dwrite(ds.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.data.data()) < 0) throw Error(failed);
        return 0;
    }
    // 16 bits: convert one outer slot at a time (bounded extra memory) and write it unconverted.
    std::size_t overflows = 0;
    const std::size_t slot = a.data.size() / dims[0];
    std::vector<std::uint16_t> bits(slot);
    std::vector<hsize_t> start(dims.size(), 0), count = dims;
    count[0] = 1;
    Handle memSpace(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose);
    for (hsize_t i = 0; i < dims[0]; ++i) {
        const float* in = a.data.data() + i * slot;
        if (storage.dtype == TapDType::Float16)
            overflows += floatToHalf(in, bits.data(), slot);
        else
            floatToBFloat16(in, bits.data(), slot);
        start[0] = i;
        H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
        if (H5Dwrite(ds.get(), type.get(), memSpace.get(), space.get(), H5P_DEFAULT, bits.data()) < 0)
            throw Error(failed);
    }
    return overflows;
}

Array readFloatDataset(hid_t dataset, const std::string& file, const std::string& what)
{
    const std::vector<hsize_t> dims = dimensions(dataset);
    Array a(std::vector<std::int64_t>(dims.begin(), dims.end()));
    if (!readConverted(dataset, H5S_ALL, H5S_ALL, a.data.size(), a.data.data())) {
        throw Error(file + ": cannot read " + what + " as float32 (corrupt, or not a float dataset)");
    }
    return a;
}

Array readFloatSlot(hid_t dataset, std::int64_t index, const std::string& file, const std::string& what)
{
    const std::vector<hsize_t> dims = dimensions(dataset);
    if (dims.empty()) throw Error(file + ": " + what + " is a scalar, not an array of slots");
    if (index < 0 || static_cast<hsize_t>(index) >= dims[0]) {
        throw Error(file + ": index " + std::to_string(index) + " outside " + what + " (size " +
                    std::to_string(dims[0]) + ")");
    }
    Handle space(H5Dget_space(dataset), H5Sclose);
    std::vector<hsize_t> start(dims.size(), 0), count = dims;
    start[0] = static_cast<hsize_t>(index);
    count[0] = 1;
    H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
    Handle memSpace(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose);
    Array a(std::vector<std::int64_t>(dims.begin() + 1, dims.end()));
    if (!readConverted(dataset, memSpace.get(), space.get(), a.data.size(), a.data.data())) {
        throw Error(file + ": cannot read slot " + std::to_string(index) + " of " + what + " (corrupt?)");
    }
    return a;
}

Array readFloatBlock(hid_t dataset, const std::vector<std::int64_t>& start, const std::vector<std::int64_t>& count,
                     const std::string& file, const std::string& what)
{
    const std::vector<hsize_t> dims = dimensions(dataset);
    if (start.size() != dims.size() || count.size() != dims.size()) {
        throw Error(file + ": " + what + " has " + std::to_string(dims.size()) + " axes; a block of " +
                    std::to_string(start.size()) + " was asked for");
    }
    std::vector<hsize_t> offset(dims.size()), extent(dims.size());
    for (std::size_t axis = 0; axis < dims.size(); ++axis) {
        const std::int64_t from = start[axis], n = count[axis];
        if (from < 0 || n < 0 || static_cast<hsize_t>(from) + static_cast<hsize_t>(n) > dims[axis]) {
            throw Error(file + ": block [" + std::to_string(from) + ", " + std::to_string(from + n) + ") of axis " +
                        std::to_string(axis) + " lies outside " + what + " (size " + std::to_string(dims[axis]) +
                        ")");
        }
        offset[axis] = static_cast<hsize_t>(from);
        extent[axis] = static_cast<hsize_t>(n);
    }
    Array a(std::vector<std::int64_t>(count.begin(), count.end()));
    if (a.data.empty()) return a;
    Handle space(H5Dget_space(dataset), H5Sclose);
    H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, offset.data(), nullptr, extent.data(), nullptr);
    Handle memSpace(H5Screate_simple(static_cast<int>(extent.size()), extent.data(), nullptr), H5Sclose);
    if (!readConverted(dataset, memSpace.get(), space.get(), a.data.size(), a.data.data())) {
        throw Error(file + ": cannot read a block of " + what + " (corrupt, or not a float dataset)");
    }
    return a;
}

} // namespace spectro::h5
