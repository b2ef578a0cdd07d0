#pragma once
// Process-wide libtorch settings. libtorch starts with one thread on this machine and its first
// call pins OpenMP to one thread for the whole process, so this runs before any tensor work.
#include <string>

#include "engine/placement.h"

namespace spectro {

struct ModelConfig;

// Uses OMP_NUM_THREADS when set, else every hardware thread. Idempotent.
void initRuntime();
int computeThreads();
// Small models run faster on one thread: splitting d <= 256 matrices over threads gains nothing
// and the threads' spin-waits cost more than the work (docs/performance.md, "Threads"). Sets the
// thread count for `config` and returns it, unless OMP_NUM_THREADS fixed it. Called whenever a
// Transformer is built, so the CLI, the GUI and the benchmarks follow one rule.
int adaptThreadsToModel(const ModelConfig& config);
// How many forward passes can run side by side: one per core that the calling thread's compute
// threads leave idle (2 for a narrow model on this 2-core machine, 1 for a wide one).
int concurrentPasses();
// Sets the compute threads of libtorch and of OpenBLAS's own pool together.
void setComputeThreads(int threads);
// Models up to this width run on one thread.
constexpr int kSingleThreadMaxDim = 256;
// The CPU forward pass's fused causal attention for narrow heads (engine/causal_attention.h).
// On unless SPECTRO_FUSED_ATTENTION=0 (benchmarks measure both routes in one run); tests switch
// it to compare the two routes.
bool fusedAttentionEnabled();
void setFusedAttentionEnabled(bool on);
bool cudaAvailable();
// GPUs this process sees (0 without a CUDA libtorch).
int cudaDeviceCount();
// Throws Error naming the device when it cannot be used ("cuda" without a CUDA libtorch, "cuda:3"
// on a machine with one GPU).
void checkDevice(const std::string& device);
// The --device text for a model of `layers` layers (engine/placement.h), every device checked.
Placement resolvePlacement(const std::string& spec, int layers);
std::string torchVersion();

}  // namespace spectro
