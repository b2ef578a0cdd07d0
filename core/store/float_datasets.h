#pragma once
// Float datasets of a cache: taps stored as float32, float16 or bfloat16, chunked one outer slot
// (one layer of one sample) at a time so that a layer is read without touching the rest, and
// read back as float32 whatever their stored type. Internal to core/store.
#include "engine/array.h"
#include "store/hdf5_util.h"
#include "store/tap_storage.h"

#include <optional>

namespace spectro::h5 {

// The HDF5 file type of a tap dtype. HDF5 1.10 has no predefined 16-bit floats: these are
// IEEE-style float types built field by field, which h5py reads as float16 (binary16) and
// which any HDF5 reader converts to float32.
Handle tapFileType(TapDType dtype);
// Which of our 16-bit types `type` is; nullopt for other types (float32/64: HDF5 converts).
std::optional<TapDType> sixteenBitType(hid_t type);

// Chunk shape: the outer slot, halved along the next axis until a chunk is at most 4 MiB.
// One-dimensional datasets (nll) are one chunk up to that size.
std::vector<hsize_t> chunkShape(const std::vector<hsize_t>& dims, std::size_t elementBytes);

// Writes `a` as dataset `name` of `group`. Returns how many finite values became +-inf
// (float16 only).
std::size_t writeFloatDataset(hid_t group, const std::string& name, const Array& a, const TapStorage& storage,
                              const std::string& file);

// The whole dataset, or slot `index` of its outermost dimension, as float32. `what` names the
// dataset in errors.
Array readFloatDataset(hid_t dataset, const std::string& file, const std::string& what);
Array readFloatSlot(hid_t dataset, std::int64_t index, const std::string& file, const std::string& what);
// The block of `count` values from `start` along each axis (one entry per axis), shaped `count`.
Array readFloatBlock(hid_t dataset, const std::vector<std::int64_t>& start, const std::vector<std::int64_t>& count,
                     const std::string& file, const std::string& what);

} // namespace spectro::h5
