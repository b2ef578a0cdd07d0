#include "engine/runtime.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>
#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include "model/model_config.h"
#include "util/error.h"

// OpenBLAS (libtorch's BLAS on Debian, and ours) keeps its own pthread pool, which
// at::set_num_threads does not size. Its threads busy-wait for each other in every GEMM, so a
// pool larger than the compute threads, or than the free cores, turns a 1 ms pass into 200 ms.
extern "C" void openblas_set_num_threads(int);

namespace spectro {

void setComputeThreads(int threads)
{
    at::set_num_threads(threads);
    openblas_set_num_threads(threads);
}

namespace {

// OMP_NUM_THREADS when it names a positive count, else 0.
int threadsFromEnvironment()
{
    const char* env = std::getenv("OMP_NUM_THREADS");
    return env ? std::max(0, std::atoi(env)) : 0;
}

// glibc serves every block above its mmap threshold with a fresh mmap and gives freed memory at
// the top of the heap back above its trim threshold. Both start at 128 KiB and only adapt to
// blocks up to 32 MiB, so a pass that allocates its attention scores anew in every layer
// page-faults them in again each time: stories260K at T = 512 alternated between 54 and 100 ms
// per pass. Fixed thresholds keep the working set mapped (about 49 ms, every pass); blocks above
// 32 MiB (widened 7B weights, 7B logits) are still mapped and unmapped, so resident memory stays
// bounded.
void keepWorkingSetMapped()
{
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

}  // namespace

int computeThreads()
{
    if (const int n = threadsFromEnvironment()) return n;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void initRuntime()
{
    static std::once_flag once;
    std::call_once(once, [] {
        keepWorkingSetMapped();
        setComputeThreads(computeThreads());
        at::set_num_interop_threads(1);
    });
}

int adaptThreadsToModel(const ModelConfig& config)
{
    initRuntime();
    if (threadsFromEnvironment() > 0) return at::get_num_threads();
    const int threads = config.dim <= kSingleThreadMaxDim ? 1 : computeThreads();
    setComputeThreads(threads);
    return threads;
}

int concurrentPasses()
{
    return std::max(1, computeThreads() / at::get_num_threads());
}

bool cudaAvailable()
{
    return at::hasCUDA();
}

int cudaDeviceCount()
{
    return cudaAvailable() ? static_cast<int>(torch::cuda::device_count()) : 0;
}

void checkDevice(const std::string& device)
{
    at::Device parsed(at::kCPU);
    try {
        parsed = at::Device(device);
    } catch (const std::exception&) {
        throw Error("unknown device '" + device + "' (expected cpu or cuda[:N])");
    }
    if (parsed.is_cuda() && !cudaAvailable()) {
        throw Error("device '" + device + "' is not available: this libtorch was built without CUDA "
                    "(build against an official CUDA libtorch with -DTorch_DIR=..., see README)");
    }
    if (!parsed.is_cpu() && !parsed.is_cuda()) throw Error("device '" + device + "' is not supported (cpu or cuda)");
    if (parsed.is_cuda()) {
        const int count = cudaDeviceCount();
        if (count == 0 || parsed.index() >= count) {
            throw Error("device '" + device + "' is not available: this machine has " + std::to_string(count) + " GPU" +
                        (count == 1 ? "" : "s"));
        }
    }
}

Placement resolvePlacement(const std::string& spec, int layers)
{
    const bool listsGpus = spec.find("cuda") != std::string::npos || spec == "auto";
    Placement p = parsePlacement(spec, layers, listsGpus ? cudaDeviceCount() : 0);
    for (const auto& device : p.stages) checkDevice(device);
    return p;
}

std::string torchVersion()
{
    return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
           std::to_string(TORCH_VERSION_PATCH);
}

namespace {
std::atomic<bool>& fusedAttentionFlag()
{
    static std::atomic<bool> on{[] {
        const char* env = std::getenv("SPECTRO_FUSED_ATTENTION");
        return !(env && std::strcmp(env, "0") == 0);
    }()};
    return on;
}
}  // namespace

bool fusedAttentionEnabled()
{
    return fusedAttentionFlag().load(std::memory_order_relaxed);
}

void setFusedAttentionEnabled(bool on)
{
    fusedAttentionFlag().store(on, std::memory_order_relaxed);
}

}  // namespace spectro
