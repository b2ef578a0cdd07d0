#pragma once
// A dense float32 array that owns its values, row-major, outermost dimension first. Taps leave
// the engine in this form so that nothing outside core/engine needs libtorch.
#include <cstdint>
#include <string>
#include <vector>

#include "util/activation_memory.h"

namespace spectro {

using Values = std::vector<float, ActivationAllocator<float>>;

struct Array {
    std::vector<std::int64_t> shape;
    Values data;

    Array() = default;
    // Zero-filled.
    explicit Array(std::vector<std::int64_t> s) : shape(std::move(s)), data(static_cast<std::size_t>(count(shape)), 0.0f) {}
    // Values left unset, for a producer that writes every one of them (the engine's taps: zeroing
    // 42 MB of attention probabilities first cost more than computing them).
    static Array uninitialized(std::vector<std::int64_t> s)
    {
        Array a;
        a.data.resize(static_cast<std::size_t>(count(s)));
        a.shape = std::move(s);
        return a;
    }
    static Array of(std::vector<std::int64_t> s, const std::vector<float>& values)
    {
        Array a;
        a.shape = std::move(s);
        a.data.assign(values.begin(), values.end());
        return a;
    }

    static std::int64_t count(const std::vector<std::int64_t>& s)
    {
        std::int64_t n = 1;
        for (auto v : s) n *= v;
        return n;
    }
    bool empty() const { return data.empty(); }
    std::int64_t numel() const { return static_cast<std::int64_t>(data.size()); }
    // The values as a plain vector (for code that stores or compares them as one).
    std::vector<float> values() const { return {data.begin(), data.end()}; }
    // Values of the sub-array at `index` of the outermost dimension.
    const float* slice(std::int64_t index) const { return data.data() + index * (numel() / shape.at(0)); }
    float* slice(std::int64_t index) { return data.data() + index * (numel() / shape.at(0)); }
};

}  // namespace spectro
