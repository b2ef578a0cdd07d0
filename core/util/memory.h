#pragma once
// What this machine can hold, so that a model too large for memory is refused with a clear
// message instead of being killed by the kernel half-way through a run.
#include <cstdint>
#include <string>

namespace spectro {

std::uint64_t physicalMemoryBytes();
// MemAvailable from /proc/meminfo (what can be allocated without swapping), or physical memory.
std::uint64_t availableMemoryBytes();
std::string formatBytes(std::uint64_t bytes);  // "13.5 GB"

}  // namespace spectro
