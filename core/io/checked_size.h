#pragma once
// Sizes computed from numbers that a file claims. Every product and sum is checked: a size that
// wraps around 2^64 is how crafted GGUF files turned a passed bounds check into a heap overflow
// (CVE-2024-21836, CVE-2025-53630), so a parser asks these for a size and gets nullopt instead
// of a small wrong number.
#include <cstdint>
#include <initializer_list>
#include <optional>

namespace spectro {

inline std::optional<std::uint64_t> checkedAdd(std::uint64_t a, std::uint64_t b)
{
    std::uint64_t sum;
    if (__builtin_add_overflow(a, b, &sum)) return std::nullopt;
    return sum;
}

inline std::optional<std::uint64_t> checkedMul(std::uint64_t a, std::uint64_t b)
{
    std::uint64_t product;
    if (__builtin_mul_overflow(a, b, &product)) return std::nullopt;
    return product;
}

// The product of `factors`, or nullopt when it exceeds `limit` (or 2^64).
inline std::optional<std::uint64_t> checkedProduct(std::initializer_list<std::uint64_t> factors,
                                                   std::uint64_t limit = UINT64_MAX)
{
    std::uint64_t p = 1;
    for (auto f : factors) {
        auto next = checkedMul(p, f);
        if (!next || *next > limit) return std::nullopt;
        p = *next;
    }
    return p;
}

// `value` rounded up to a multiple of the power of two `alignment`, or nullopt on overflow.
inline std::optional<std::uint64_t> alignUp(std::uint64_t value, std::uint64_t alignment)
{
    const std::uint64_t rest = value % alignment;
    return rest == 0 ? std::optional<std::uint64_t>(value) : checkedAdd(value, alignment - rest);
}

} // namespace spectro
