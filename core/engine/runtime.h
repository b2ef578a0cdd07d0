#pragma once
// Process-wide libtorch settings. libtorch starts with one thread on this machine and its first
// call pins OpenMP to one thread for the whole process, so this runs before any tensor work.
#include <string>

namespace spectro {

// Uses OMP_NUM_THREADS when set, else every hardware thread. Idempotent.
void initRuntime();
int computeThreads();
bool cudaAvailable();
// Throws Error naming the device when it cannot be used ("cuda" without a CUDA libtorch).
void checkDevice(const std::string& device);
std::string torchVersion();

}  // namespace spectro
