#pragma once
// A tensor as a checkpoint stores it: a name, an element type, a shape (outermost first,
// row-major) and the bytes, which either lie in a memory-mapped file or in an owned buffer
// (dequantised or converted data). `keepAlive` holds whichever backs `data`.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/dtype.h"

namespace spectro {

struct RawTensor {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    const std::byte* data = nullptr;
    std::shared_ptr<const void> keepAlive;
    // Logical row r is stored row rowOrder[r] (empty: identity). Hugging Face W_q/W_k are
    // un-permuted this way, so that a memory-mapped bf16 checkpoint needs no copy at load time.
    std::vector<std::int64_t> rowOrder;

    std::int64_t numel() const
    {
        std::int64_t n = 1;
        for (auto s : shape) n *= s;
        return n;
    }
    std::size_t byteSize() const { return static_cast<std::size_t>(numel()) * dtypeSize(dtype); }
    std::int64_t rowLength() const { return shape.size() > 1 ? numel() / shape[0] : numel(); }
    // The stored bytes of logical row `r` (rows = outermost dimension).
    const std::byte* row(std::int64_t r) const
    {
        const std::int64_t stored = rowOrder.empty() ? r : rowOrder[static_cast<std::size_t>(r)];
        return data + static_cast<std::size_t>(stored * rowLength()) * dtypeSize(dtype);
    }
    // All values in logical order, widened to float32.
    std::vector<float> toFloat() const;
};

std::string shapeString(const std::vector<std::int64_t>& shape);

// A float32 tensor that owns its data (for dequantised and converted weights).
RawTensor makeOwnedFloatTensor(std::string name, std::vector<std::int64_t> shape, std::vector<float> values);

}  // namespace spectro
