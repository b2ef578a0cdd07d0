#pragma once
// How much disk a run's cache will take, and the free-space check done before starting one, so
// that the CLI and the GUI can state the size and refuse a run that cannot finish.
#include "engine/forward.h"
#include "model/model_config.h"
#include "store/tap_storage.h"

#include <cstdint>
#include <string>

namespace spectro {

// Bytes of one sample of `tokens` tokens with these taps stored (uncompressed data; HDF5's own
// metadata adds a few KiB per sample). `taps.logits` means logits are stored.
std::uint64_t estimateSampleBytes(const ModelConfig& config, const TapSet& taps, TapDType dtype, std::int64_t tokens);

// Free bytes for an unprivileged writer in the folder that holds (or will hold) `path`;
// UINT64_MAX when unknown.
std::uint64_t freeBytesBeside(const std::string& path);

// Throws Error "PATH: WHAT needs about N MiB but only M MiB are free in FOLDER" when the folder
// has less than `bytes` plus a 16 MiB margin free.
void requireFreeSpace(const std::string& path, std::uint64_t bytes, const std::string& what);

std::string mebibytes(std::uint64_t bytes); // "1234 MiB"

} // namespace spectro
