#pragma once
// Checks of a loaded checkpoint that do not depend on its format: the special token ids lie
// inside the vocabulary, and weights that hold NaN or infinities draw a warning naming the
// tensor (they make every later activation NaN, which would otherwise show up as a plot of
// nothing, far from its cause).
#include "model/dtype.h"

#include <cstdint>

namespace spectro {

struct Checkpoint;

// Throws Error naming the file when bos_id or eos_id lies outside [0, vocab_size).
void checkSpecialTokenIds(const Checkpoint& checkpoint);

// Weights up to this many stored bytes are scanned completely at load (about 0.1 s per GB on
// the 2-core machine); above it, every tensor is sampled: the 64 KiB at its start, middle and end
// (the windows the fingerprint reads), so that opening a 13.5 GB 7B model does not page it all
// in. docs/reliability.md has the measured costs.
constexpr std::uint64_t kFullWeightScanBytes = 2ull << 30;

struct NonFinite {
    std::uint64_t count = 0; // NaN and +-Inf values
    std::uint64_t first = 0; // index of the first one (valid when count > 0)
};
// Counts the NaN and infinite values among `n` elements of `type` (vectorisable: a compare of
// the exponent bits, no conversion).
NonFinite countNonFinite(DType type, const std::byte* data, std::uint64_t n);

// Warns (util/log.h) once per tensor that holds NaN or infinite values; returns how many
// tensors did.
int warnNonFiniteWeights(const Checkpoint& checkpoint);

} // namespace spectro
