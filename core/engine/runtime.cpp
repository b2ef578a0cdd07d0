#include "engine/runtime.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/version.h>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "util/error.h"

namespace spectro {

int computeThreads()
{
    if (const char* env = std::getenv("OMP_NUM_THREADS")) {
        const int n = std::atoi(env);
        if (n > 0) return n;
    }
    return std::max(1u, std::thread::hardware_concurrency());
}

void initRuntime()
{
    static std::once_flag once;
    std::call_once(once, [] {
        at::set_num_threads(computeThreads());
        at::set_num_interop_threads(1);
    });
}

bool cudaAvailable()
{
    return at::hasCUDA();
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
}

std::string torchVersion()
{
    return std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
           std::to_string(TORCH_VERSION_PATCH);
}

}  // namespace spectro
