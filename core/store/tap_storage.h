#pragma once
// How float taps are stored in a cache: float32 (default) or 16 bits for big runs, optional
// compression and checksums. Readers always get float32 back.
#include <cstddef>
#include <string>

namespace spectro {

enum class TapDType { Float32, Float16, BFloat16 };

// Accepts "f32"/"float32", "f16"/"float16", "bf16"/"bfloat16"; throws Error otherwise.
TapDType parseTapDType(const std::string& name);
// "float32", "float16", "bfloat16": the value of the cache's `tap_dtype` attribute.
std::string tapDTypeName(TapDType dtype);
std::size_t tapDTypeBytes(TapDType dtype);

struct TapStorage {
    TapDType dtype = TapDType::Float32;
    // deflate level 1..9 after byte shuffling; 0 = none (default: writing is ~20x faster).
    int compression = 0;
    // Fletcher-32 per chunk: a flipped byte in tap data becomes a read error instead of a
    // silently wrong value; writing costs about 3x (docs/performance.md).
    bool checksum = false;
};

} // namespace spectro
