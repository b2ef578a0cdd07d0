#include "model/dtype.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "util/error.h"

namespace spectro {

std::string_view dtypeName(DType type)
{
    switch (type) {
    case DType::F32: return "f32";
    case DType::F16: return "f16";
    case DType::BF16: return "bf16";
    }
    return "?";
}

std::size_t dtypeSize(DType type)
{
    return type == DType::F32 ? 4 : 2;
}

DType parseDType(std::string_view name)
{
    if (name == "f32" || name == "F32" || name == "float32") return DType::F32;
    if (name == "f16" || name == "F16" || name == "float16") return DType::F16;
    if (name == "bf16" || name == "BF16" || name == "bfloat16") return DType::BF16;
    throw Error("unsupported dtype '" + std::string(name) + "' (expected f32, f16 or bf16)");
}

float halfToFloat(std::uint16_t h)
{
    const std::uint32_t sign = (h & 0x8000u) << 16;
    const std::uint32_t exponent = (h >> 10) & 0x1fu;
    const std::uint32_t mantissa = h & 0x3ffu;
    float magnitude;
    if (exponent == 0) {
        magnitude = std::ldexp(static_cast<float>(mantissa), -24);  // subnormal
    } else if (exponent == 31) {
        magnitude = mantissa ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
    } else {
        magnitude = std::ldexp(static_cast<float>(mantissa | 0x400u), static_cast<int>(exponent) - 25);
    }
    std::uint32_t bits;
    std::memcpy(&bits, &magnitude, 4);
    bits |= sign;
    float out;
    std::memcpy(&out, &bits, 4);
    return out;
}

std::uint16_t floatToHalf(float f)
{
    std::uint32_t bits;
    std::memcpy(&bits, &f, 4);
    const std::uint16_t sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
    const std::uint32_t absBits = bits & 0x7fffffffu;
    if (absBits >= 0x7f800000u) {  // inf or NaN
        return static_cast<std::uint16_t>(sign | 0x7c00u | (absBits > 0x7f800000u ? 0x200u : 0u));
    }
    if (absBits >= 0x477ff000u) {  // rounds beyond the largest half: overflow to inf
        return static_cast<std::uint16_t>(sign | 0x7c00u);
    }
    float magnitude;
    std::memcpy(&magnitude, &absBits, 4);
    if (absBits < 0x38800000u) {  // below the smallest normal half: subnormal, round to nearest even
        const float scaled = magnitude * 16777216.0f;  // 2^24: units of the smallest subnormal
        return static_cast<std::uint16_t>(sign | static_cast<std::uint16_t>(std::nearbyint(scaled)));
    }
    // Normal: re-bias the exponent and round the mantissa to 10 bits, ties to even.
    const std::uint32_t rebased = absBits - ((127u - 15u) << 23);
    const std::uint32_t rounded = rebased + 0xfffu + ((rebased >> 13) & 1u);
    return static_cast<std::uint16_t>(sign | (rounded >> 13));
}

std::uint16_t floatToBf16(float f)
{
    std::uint32_t bits;
    std::memcpy(&bits, &f, 4);
    if ((bits & 0x7fffffffu) > 0x7f800000u) {
        return static_cast<std::uint16_t>((bits >> 16) | 0x40u);  // quiet NaN
    }
    const std::uint32_t rounding = 0x7fffu + ((bits >> 16) & 1u);
    return static_cast<std::uint16_t>((bits + rounding) >> 16);
}

void toFloat32(DType type, const std::byte* src, std::size_t count, float* dst)
{
    switch (type) {
    case DType::F32:
        std::memcpy(dst, src, count * 4);
        return;
    case DType::F16:
        for (std::size_t i = 0; i < count; ++i) {
            std::uint16_t h;
            std::memcpy(&h, src + 2 * i, 2);
            dst[i] = halfToFloat(h);
        }
        return;
    case DType::BF16:
        for (std::size_t i = 0; i < count; ++i) {
            std::uint16_t b;
            std::memcpy(&b, src + 2 * i, 2);
            dst[i] = bf16ToFloat(b);
        }
        return;
    }
}

}  // namespace spectro
