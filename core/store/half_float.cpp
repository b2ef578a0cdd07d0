#include "store/half_float.h"

#include <bit>

namespace spectro {
namespace {

// After F. Giesen's float_to_half_fast3_rtne: subnormal results come from one float addition
// (which rounds to nearest even in hardware), normal ones from integer rounding on the bits.
inline std::uint16_t toHalf(float value, std::size_t& overflows)
{
    std::uint32_t f = std::bit_cast<std::uint32_t>(value);
    const std::uint32_t sign = f & 0x80000000u;
    f ^= sign;
    const std::uint32_t magnitude = f;
    std::uint16_t o;
    if (f >= (127u + 16u) << 23) {  // 2^16 and above (and inf, NaN): no finite binary16
        o = f > 0x7f800000u ? 0x7e00 : 0x7c00;  // NaN stays a (quiet) NaN
    } else if (f < 113u << 23) {  // below 2^-14: zero or subnormal in binary16
        constexpr std::uint32_t magicBits = ((127u - 15u) + (23u - 10u) + 1u) << 23;
        const float sum = std::bit_cast<float>(f) + std::bit_cast<float>(magicBits);
        o = static_cast<std::uint16_t>(std::bit_cast<std::uint32_t>(sum) - magicBits);
    } else {
        const std::uint32_t mantissaOdd = (f >> 13) & 1u;
        f -= 112u << 23;  // rebias the exponent from 127 to 15
        f += 0xfffu + mantissaOdd;
        o = static_cast<std::uint16_t>(f >> 13);  // a carry out of the mantissa may give inf: right
    }
    if (o == 0x7c00 && magnitude < 0x7f800000u) ++overflows;  // finite in, inf out
    return static_cast<std::uint16_t>(o | (sign >> 16));
}

inline float fromHalf(std::uint16_t h)
{
    constexpr std::uint32_t exponentMask = 0x7c00u << 13;
    std::uint32_t o = (h & 0x7fffu) << 13;
    const std::uint32_t exponent = o & exponentMask;
    o += (127u - 15u) << 23;
    if (exponent == exponentMask) {
        o += (128u - 16u) << 23;  // inf / NaN keep an all-ones exponent
    } else if (exponent == 0) {  // zero or subnormal: renormalise through one float subtraction
        o += 1u << 23;
        o = std::bit_cast<std::uint32_t>(std::bit_cast<float>(o) - std::bit_cast<float>(113u << 23));
    }
    return std::bit_cast<float>(o | (static_cast<std::uint32_t>(h & 0x8000u) << 16));
}

}  // namespace

std::size_t floatToHalf(const float* in, std::uint16_t* out, std::size_t n)
{
    std::size_t overflows = 0;
    for (std::size_t i = 0; i < n; ++i) out[i] = toHalf(in[i], overflows);
    return overflows;
}

void halfToFloat(const std::uint16_t* in, float* out, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) out[i] = fromHalf(in[i]);
}

void floatToBFloat16(const float* in, std::uint16_t* out, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t u = std::bit_cast<std::uint32_t>(in[i]);
        if ((u & 0x7fffffffu) > 0x7f800000u) {
            out[i] = static_cast<std::uint16_t>((u >> 16) | 0x40u);  // quiet NaN, payload kept
        } else {
            out[i] = static_cast<std::uint16_t>((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
        }
    }
}

void bfloat16ToFloat(const std::uint16_t* in, float* out, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) out[i] = std::bit_cast<float>(static_cast<std::uint32_t>(in[i]) << 16);
}

}  // namespace spectro
