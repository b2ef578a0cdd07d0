#include "store/half_float.h"

#include <bit>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SPECTRO_X86_PATHS 1
#endif

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
    if (f >= (127u + 16u) << 23) {             // 2^16 and above (and inf, NaN): no finite binary16
        o = f > 0x7f800000u ? 0x7e00 : 0x7c00; // NaN stays a (quiet) NaN
    } else if (f < 113u << 23) {               // below 2^-14: zero or subnormal in binary16
        constexpr std::uint32_t magicBits = ((127u - 15u) + (23u - 10u) + 1u) << 23;
        const float sum = std::bit_cast<float>(f) + std::bit_cast<float>(magicBits);
        o = static_cast<std::uint16_t>(std::bit_cast<std::uint32_t>(sum) - magicBits);
    } else {
        const std::uint32_t mantissaOdd = (f >> 13) & 1u;
        f -= 112u << 23; // rebias the exponent from 127 to 15
        f += 0xfffu + mantissaOdd;
        o = static_cast<std::uint16_t>(f >> 13); // a carry out of the mantissa may give inf: right
    }
    if (o == 0x7c00 && magnitude < 0x7f800000u) ++overflows; // finite in, inf out
    return static_cast<std::uint16_t>(o | (sign >> 16));
}

inline float fromHalf(std::uint16_t h)
{
    constexpr std::uint32_t exponentMask = 0x7c00u << 13;
    std::uint32_t o = (h & 0x7fffu) << 13;
    const std::uint32_t exponent = o & exponentMask;
    o += (127u - 15u) << 23;
    if (exponent == exponentMask) {
        o += (128u - 16u) << 23; // inf / NaN keep an all-ones exponent
    } else if (exponent == 0) {  // zero or subnormal: renormalise through one float subtraction
        o += 1u << 23;
        o = std::bit_cast<std::uint32_t>(std::bit_cast<float>(o) - std::bit_cast<float>(113u << 23));
    }
    return std::bit_cast<float>(o | (static_cast<std::uint32_t>(h & 0x8000u) << 16));
}

#ifdef SPECTRO_X86_PATHS
// The F16C instructions convert 8 values at once with the same IEEE round-to-nearest-even
// (4x the scalar loop); used when the CPU has them, the build not being tied to a CPU.
bool haveF16c()
{
    static const bool have = __builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c");
    return have;
}

__attribute__((target("avx,f16c"))) std::size_t floatToHalfF16c(const float* in, std::uint16_t* out, std::size_t n)
{
    std::size_t overflows = 0;
    const __m256 signless = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
    const __m256 firstOverflow = _mm256_set1_ps(65520.0f); // rounds to inf, as does all above
    const __m256 infinity = _mm256_set1_ps(__builtin_inff());
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 x = _mm256_loadu_ps(in + i);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                         _mm256_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        const __m256 magnitude = _mm256_and_ps(x, signless);
        const __m256 over = _mm256_and_ps(_mm256_cmp_ps(magnitude, firstOverflow, _CMP_GE_OQ),
                                          _mm256_cmp_ps(magnitude, infinity, _CMP_LT_OQ));
        overflows += static_cast<std::size_t>(__builtin_popcount(static_cast<unsigned>(_mm256_movemask_ps(over))));
    }
    for (; i < n; ++i) out[i] = toHalf(in[i], overflows);
    return overflows;
}

__attribute__((target("avx,f16c"))) void halfToFloatF16c(const std::uint16_t* in, float* out, std::size_t n)
{
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        _mm256_storeu_ps(out + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i))));
    }
    for (; i < n; ++i) out[i] = fromHalf(in[i]);
}
#endif

} // namespace

std::size_t floatToHalf(const float* in, std::uint16_t* out, std::size_t n)
{
#ifdef SPECTRO_X86_PATHS
    if (haveF16c()) return floatToHalfF16c(in, out, n);
#endif
    std::size_t overflows = 0;
    for (std::size_t i = 0; i < n; ++i) out[i] = toHalf(in[i], overflows);
    return overflows;
}

void halfToFloat(const std::uint16_t* in, float* out, std::size_t n)
{
#ifdef SPECTRO_X86_PATHS
    if (haveF16c()) return halfToFloatF16c(in, out, n);
#endif
    for (std::size_t i = 0; i < n; ++i) out[i] = fromHalf(in[i]);
}

namespace {

// Branch-free so that the compiler vectorises it (and, compiled for AVX2 below, twice as wide).
inline void toBFloat16Loop(const float* in, std::uint16_t* out, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t u = std::bit_cast<std::uint32_t>(in[i]);
        const std::uint32_t rounded = (u + 0x7fffu + ((u >> 16) & 1u)) >> 16;
        const std::uint32_t quietNan = (u >> 16) | 0x40u; // payload kept
        out[i] = static_cast<std::uint16_t>((u & 0x7fffffffu) > 0x7f800000u ? quietNan : rounded);
    }
}

#ifdef SPECTRO_X86_PATHS
__attribute__((target("avx2"))) void toBFloat16Avx2(const float* in, std::uint16_t* out, std::size_t n)
{
    toBFloat16Loop(in, out, n);
}
#endif

} // namespace

void floatToBFloat16(const float* in, std::uint16_t* out, std::size_t n)
{
#ifdef SPECTRO_X86_PATHS
    static const bool avx2 = __builtin_cpu_supports("avx2");
    if (avx2) return toBFloat16Avx2(in, out, n);
#endif
    toBFloat16Loop(in, out, n);
}

void bfloat16ToFloat(const std::uint16_t* in, float* out, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i) out[i] = std::bit_cast<float>(static_cast<std::uint32_t>(in[i]) << 16);
}

} // namespace spectro
