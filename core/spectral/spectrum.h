#pragma once
// The right singular vectors and singular values of W_u (unembedding) or W_e (embedding), in
// descending order: the coordinate system of logit spectroscopy.
//
// Route: the d x d Gram matrix W^T W accumulated in float64 (cblas_dsyrk over row blocks, so a
// bf16 32000 x 4096 matrix is never widened as a whole) and a symmetric eigen-solver
// (LAPACKE_dsyevd). float64 keeps the smallest singular values, which are the ones the paper is
// about; float32 Gram matrices lose them (toolchain.md, gotcha 5). When V < d the eigen-solver's
// basis already spans the null space of W: those vectors get singular value 0 and are the darkest.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "util/progress.h"

namespace spectro {

struct Checkpoint;

enum class SpectralMatrix { Unembed, Embed };
std::string matrixName(SpectralMatrix matrix);            // "unembed" / "embed"
SpectralMatrix parseSpectralMatrix(const std::string& name);  // also "wu"/"we"

struct Spectrum {
    SpectralMatrix matrix = SpectralMatrix::Unembed;
    int dim = 0;
    int rank = 0;             // min(V, d): indices >= rank are the null-space completion
    bool foldedNorm = false;  // the final RMSNorm gain was folded into W_u first
    std::vector<double> singularValues;  // [dim], descending
    std::vector<double> vectors;         // [dim * dim], row i = v_i (unit length)

    const double* vector(int i) const { return vectors.data() + static_cast<std::size_t>(i) * static_cast<std::size_t>(dim); }
};

// Fills `out` ([count x dim], row-major) with rows first..first+count-1 of the matrix, in float64.
using RowBlockFn = std::function<void(std::int64_t first, std::int64_t count, double* out)>;

// The spectrum of a rows x dim matrix read block by block. Each v_i's sign is fixed so that its
// largest-magnitude component is positive, which makes results reproducible across runs.
Spectrum spectrumOfRows(std::int64_t rows, int dim, const RowBlockFn& readRows, const ProgressFn& progress = {});
// The two steps of spectrumOfRows, public so that benchmarks can time them apart: the float64
// Gram matrix W^T W ([dim x dim], row-major, only its upper triangle filled), then its
// eigen-decomposition (rank = min(rows, dim)), which reads just that triangle.
std::vector<double> gramOfRows(std::int64_t rows, int dim, const RowBlockFn& readRows, const ProgressFn& progress = {});
Spectrum spectrumOfGram(std::vector<double> gram, int dim, int rank, const ProgressFn& progress = {});
// Convenience for an in-memory row-major matrix.
Spectrum spectrumOfMatrix(const std::vector<double>& matrix, std::int64_t rows, int dim);

struct SpectrumOptions {
    bool foldNorm = false;  // multiply W_u's columns by the final RMSNorm gain (unembed only)
};

// The spectrum of the checkpoint's W_u ("output") or W_e ("token_embedding").
Spectrum computeSpectrum(const Checkpoint& checkpoint, SpectralMatrix matrix, const SpectrumOptions& options = {},
                         const ProgressFn& progress = {});

}  // namespace spectro
