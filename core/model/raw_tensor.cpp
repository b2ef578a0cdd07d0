#include "model/raw_tensor.h"

namespace spectro {

std::vector<float> RawTensor::toFloat() const
{
    std::vector<float> out(static_cast<std::size_t>(numel()));
    if (rowOrder.empty()) {
        toFloat32(dtype, data, out.size(), out.data());
        return out;
    }
    const std::int64_t rows = shape.at(0), len = rowLength();
    for (std::int64_t r = 0; r < rows; ++r) {
        toFloat32(dtype, row(r), static_cast<std::size_t>(len), out.data() + r * len);
    }
    return out;
}

std::string shapeString(const std::vector<std::int64_t>& shape)
{
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += ", ";
        s += std::to_string(shape[i]);
    }
    return s + "]";
}

RawTensor makeOwnedFloatTensor(std::string name, std::vector<std::int64_t> shape, std::vector<float> values)
{
    auto storage = std::make_shared<std::vector<float>>(std::move(values));
    RawTensor t;
    t.name = std::move(name);
    t.dtype = DType::F32;
    t.shape = std::move(shape);
    t.data = reinterpret_cast<const std::byte*>(storage->data());
    t.keepAlive = storage;
    return t;
}

}  // namespace spectro
