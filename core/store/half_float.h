#pragma once
// float32 <-> IEEE binary16 and bfloat16, bit-exact and round-to-nearest-even, for storing taps
// in 16 bits. HDF5 can convert these types itself, but its generic soft converter runs at about
// 40 MB/s; these loops (3-5 GB/s) keep 16-bit caches as fast to write as float32 ones.
#include <cstddef>
#include <cstdint>

namespace spectro {

// Returns how many finite inputs were too large for binary16 and became +-inf.
std::size_t floatToHalf(const float* in, std::uint16_t* out, std::size_t n);
void halfToFloat(const std::uint16_t* in, float* out, std::size_t n);

// bfloat16 keeps float32's exponent, so nothing finite overflows except values within half a
// bfloat16 ulp of FLT_MAX.
void floatToBFloat16(const float* in, std::uint16_t* out, std::size_t n);
void bfloat16ToFloat(const std::uint16_t* in, float* out, std::size_t n);

} // namespace spectro
