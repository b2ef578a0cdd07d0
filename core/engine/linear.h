#pragma once
// Internal to core/engine (includes ATen): the forward pass's products with a weight matrix,
// y = x W^T for float32 activations x [..., in] and W [out, in].
//
// W in float32: one float32 GEMM (TF32 stays off: libtorch's default, and the CPU/GPU equality
// test would catch it at 1e-5). W in bf16, on a GPU: the split-bf16 route. x is split exactly
// into three bf16 parts, x = x_hi + x_mid + x_lo (each the bf16 rounding of what the parts before
// it left over, 3 x 8 = 24 significant bits, float32's own), and the three products run as one
// bf16 tensor-core GEMM with float32 accumulation and output: every product of two bf16 numbers
// is exact in float32, so only the summation order differs from a float32 GEMM, at 3 x the
// bf16 work instead of the float32 SIMT rate (H200: about 790 against 50 TFLOP/s measured).
#include <ATen/ATen.h>

namespace spectro {

// Whether this libtorch has a bf16 GEMM with float32 output (mm with out_dtype, torch >= 2.8, CUDA).
bool splitBf16Supported();

// x [..., in] float32 times W^T; W float32, or bf16 on a CUDA device (split-bf16, see above).
at::Tensor linearMap(const at::Tensor& x, const at::Tensor& w);

}  // namespace spectro
