#include "spectral/spectrum.h"

#include <cblas.h>
#include <lapacke.h>

#include <algorithm>
#include <cmath>

#include "model/checkpoint.h"
#include "util/error.h"

namespace spectro {

std::string matrixName(SpectralMatrix matrix)
{
    return matrix == SpectralMatrix::Unembed ? "unembed" : "embed";
}

SpectralMatrix parseSpectralMatrix(const std::string& name)
{
    if (name == "unembed" || name == "wu" || name == "W_u") return SpectralMatrix::Unembed;
    if (name == "embed" || name == "we" || name == "W_e") return SpectralMatrix::Embed;
    throw Error("--matrix: expected unembed or embed, got '" + name + "'");
}

std::vector<double> gramOfRows(std::int64_t rows, int dim, const RowBlockFn& readRows, const ProgressFn& progress)
{
    if (rows < 1 || dim < 1) throw Error("spectrum: empty matrix (" + std::to_string(rows) + " x " + std::to_string(dim) + ")");
    const auto d = static_cast<std::size_t>(dim);
    std::vector<double> gram(d * d, 0.0);
    // Blocks of ~32 MiB of float64 keep memory flat whatever the vocabulary size.
    const std::int64_t block = std::max<std::int64_t>(1, (std::int64_t{4} << 20) / dim);
    std::vector<double> buffer(static_cast<std::size_t>(std::min(block, rows)) * d);
    for (std::int64_t first = 0; first < rows; first += block) {
        const std::int64_t count = std::min(block, rows - first);
        readRows(first, count, buffer.data());
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, dim, static_cast<int>(count), 1.0, buffer.data(), dim, 1.0,
                    gram.data(), dim);
        reportProgress(progress, 0.5 * static_cast<double>(first + count) / static_cast<double>(rows), "Gram matrix");
    }
    return gram;
}

Spectrum spectrumOfGram(std::vector<double> gram, int dim, int rank, const ProgressFn& progress)
{
    const auto d = static_cast<std::size_t>(dim);
    if (dim < 1 || gram.size() != d * d) throw Error("spectrum: the Gram matrix is not " + std::to_string(dim) + " x " + std::to_string(dim));
    std::vector<double> eigenvalues(d);
    // The row-major upper triangle that dsyrk filled is the column-major lower one: solving in
    // column-major order spares LAPACKE two d x d transpositions (two 134 MB copies at d = 4096)
    // and leaves each eigenvector contiguous.
    const int info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'V', 'L', dim, gram.data(), dim, eigenvalues.data());
    if (info != 0) throw Error("spectrum: the symmetric eigen-solver failed (dsyevd info " + std::to_string(info) + ")");
    reportProgress(progress, 0.95, "eigenvectors");

    Spectrum s;
    s.dim = dim;
    s.rank = std::min(rank, dim);
    s.singularValues.resize(d);
    s.vectors.resize(d * d);
    // dsyevd returns ascending eigenvalues; eigenvector j is column j, contiguous in column-major.
    for (std::size_t r = 0; r < d; ++r) {
        const std::size_t column = d - 1 - r;
        const double lambda = eigenvalues[column];
        s.singularValues[r] = static_cast<int>(r) < s.rank ? std::sqrt(std::max(lambda, 0.0)) : 0.0;
        double* v = s.vectors.data() + r * d;
        std::size_t peak = 0;
        for (std::size_t i = 0; i < d; ++i) {
            v[i] = gram[column * d + i];
            if (std::abs(v[i]) > std::abs(v[peak])) peak = i;
        }
        if (v[peak] < 0) {
            for (std::size_t i = 0; i < d; ++i) v[i] = -v[i];
        }
    }
    reportProgress(progress, 1.0, "spectrum");
    return s;
}

Spectrum spectrumOfRows(std::int64_t rows, int dim, const RowBlockFn& readRows, const ProgressFn& progress)
{
    return spectrumOfGram(gramOfRows(rows, dim, readRows, progress), dim, static_cast<int>(std::min<std::int64_t>(rows, dim)),
                          progress);
}

Spectrum spectrumOfMatrix(const std::vector<double>& matrix, std::int64_t rows, int dim)
{
    if (static_cast<std::int64_t>(matrix.size()) != rows * dim) throw Error("spectrum: matrix size does not match its shape");
    return spectrumOfRows(rows, dim, [&](std::int64_t first, std::int64_t count, double* out) {
        std::copy_n(matrix.data() + first * dim, count * dim, out);
    });
}

Spectrum computeSpectrum(const Checkpoint& checkpoint, SpectralMatrix matrix, const SpectrumOptions& options,
                         const ProgressFn& progress)
{
    const RawTensor& w = checkpoint.tensor(matrix == SpectralMatrix::Unembed ? "output" : "token_embedding");
    if (w.shape.size() != 2) throw Error(checkpoint.path + ": tensor " + w.name + " is not a matrix");
    const std::int64_t rows = w.shape[0];
    const int dim = static_cast<int>(w.shape[1]);
    const bool fold = options.foldNorm && matrix == SpectralMatrix::Unembed;
    std::vector<float> gain;
    if (fold) gain = checkpoint.tensor("output_norm").toFloat();
    std::vector<float> row(static_cast<std::size_t>(dim));
    Spectrum s = spectrumOfRows(
        rows, dim,
        [&](std::int64_t first, std::int64_t count, double* out) {
            for (std::int64_t r = 0; r < count; ++r) {
                toFloat32(w.dtype, w.row(first + r), row.size(), row.data());
                double* o = out + r * dim;
                for (int i = 0; i < dim; ++i) o[i] = fold ? static_cast<double>(row[i]) * gain[i] : row[i];
            }
        },
        progress);
    s.matrix = matrix;
    s.foldedNorm = fold;
    return s;
}

}  // namespace spectro
