#pragma once
// Element types a checkpoint may store. Q8_0 tensors are dequantised to F32 at load time
// (llama2.c v2 and GGUF); F16 and BF16 stay in the mapped file and are widened one layer at a
// time by the engine.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace spectro {

enum class DType { F32, F16, BF16 };

std::string_view dtypeName(DType type);
std::size_t dtypeSize(DType type);
// Parses "f32"/"float32"/"F32", "f16"/"float16", "bf16"/"bfloat16"; throws Error otherwise.
DType parseDType(std::string_view name);

float halfToFloat(std::uint16_t h);
std::uint16_t floatToHalf(float f);
inline float bf16ToFloat(std::uint16_t b)
{
    const std::uint32_t bits = static_cast<std::uint32_t>(b) << 16;
    float f;
    __builtin_memcpy(&f, &bits, sizeof f);
    return f;
}
// Round-to-nearest-even, as torch and numpy do.
std::uint16_t floatToBf16(float f);

// Widens `count` elements of `type` at `src` into `dst`.
void toFloat32(DType type, const std::byte* src, std::size_t count, float* dst);

}  // namespace spectro
