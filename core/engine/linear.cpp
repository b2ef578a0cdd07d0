#include "engine/linear.h"

#include "util/error.h"

#include <torch/version.h>

// mm(self, mat2, out_dtype): bf16 inputs, float32 accumulation and output (CUDA only).
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 8)
#define SPECTRO_HAS_MM_OUT_DTYPE 1
#else
#define SPECTRO_HAS_MM_OUT_DTYPE 0
#endif

namespace spectro {

bool splitBf16Supported()
{
    return SPECTRO_HAS_MM_OUT_DTYPE != 0;
}

at::Tensor linearMap(const at::Tensor& x, const at::Tensor& w)
{
    if (w.scalar_type() == at::kFloat) return at::matmul(x, w.t());
    if (w.scalar_type() != at::kBFloat16 || !w.is_cuda()) {
        throw Error("engine: a weight matrix in " + std::string(c10::toString(w.scalar_type())) + " on " +
                    w.device().str() + " cannot be used without widening it to float32");
    }
#if SPECTRO_HAS_MM_OUT_DTYPE
    const std::int64_t in = w.size(1), out = w.size(0);
    const at::Tensor rows = x.reshape({-1, in});
    const std::int64_t n = rows.size(0);
    // x = hi + mid + lo, each part the bf16 rounding of the remainder (exact: bf16 -> float32 and
    // float32 subtraction of two close values are exact here).
    const at::Tensor hi = rows.to(at::kBFloat16);
    const at::Tensor rest = rows - hi.to(at::kFloat);
    const at::Tensor mid = rest.to(at::kBFloat16);
    const at::Tensor lo = (rest - mid.to(at::kFloat)).to(at::kBFloat16);
    const at::Tensor parts = at::mm(at::cat({hi, mid, lo}, 0), w.t(), at::kFloat);  // [3n, out]
    // Smallest parts first, so that the large one is rounded once.
    at::Tensor y = parts.narrow(0, 2 * n, n) + parts.narrow(0, n, n);
    y.add_(parts.narrow(0, 0, n));
    auto shape = x.sizes().vec();
    shape.back() = out;
    return y.view(shape);
#else
    throw Error("engine: the split-bf16 route needs libtorch >= 2.8 (mm with out_dtype); this is " +
                std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR));
#endif
}

}  // namespace spectro
