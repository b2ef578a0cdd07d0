#pragma once
// A 64-bit fingerprint of a checkpoint's weights, stored in caches so that a cache made with
// other weights is recognised. It hashes the config and, for every tensor, its name, shape,
// dtype, row order and up to three 64 KiB samples of its bytes (start, middle, end): hashing all
// 13.5 GB of a 7B model would take longer than the forward pass it protects.
#include <string>

#include "model/checkpoint.h"

namespace spectro {

std::string fingerprint(const Checkpoint& checkpoint);

}  // namespace spectro
