#pragma once
// A dense float32 array that owns its values, row-major, outermost dimension first. Taps leave
// the engine in this form so that nothing outside core/engine needs libtorch.
#include <cstdint>
#include <string>
#include <vector>

namespace spectro {

struct Array {
    std::vector<std::int64_t> shape;
    std::vector<float> data;

    Array() = default;
    explicit Array(std::vector<std::int64_t> s) : shape(std::move(s)), data(static_cast<std::size_t>(count(shape))) {}

    static std::int64_t count(const std::vector<std::int64_t>& s)
    {
        std::int64_t n = 1;
        for (auto v : s) n *= v;
        return n;
    }
    bool empty() const { return data.empty(); }
    std::int64_t numel() const { return static_cast<std::int64_t>(data.size()); }
    // Values of the sub-array at `index` of the outermost dimension.
    const float* slice(std::int64_t index) const { return data.data() + index * (numel() / shape.at(0)); }
    float* slice(std::int64_t index) { return data.data() + index * (numel() / shape.at(0)); }
};

}  // namespace spectro
