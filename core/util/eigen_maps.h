#pragma once
// Eigen views of row-major float arrays (taps, spectra, weights): code that writes formulas reads
// the stored values in place, as matrices, without copying them. Include it from .cpp files
// only (the libraries that do link spectro::eigen, which sends Eigen's products to OpenBLAS).
#include <Eigen/Core>
#include <cstdint>

namespace spectro::eigen {

using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstRowMapF = Eigen::Map<const RowMatrixF, 0, Eigen::OuterStride<>>;

// rows x cols values starting at `data`, consecutive rows `stride` floats apart.
inline ConstRowMapF rowMatrix(const float* data, std::int64_t rows, std::int64_t cols, std::int64_t stride)
{
    return ConstRowMapF(data, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols),
                        Eigen::OuterStride<>(static_cast<Eigen::Index>(stride)));
}

inline ConstRowMapF rowMatrix(const float* data, std::int64_t rows, std::int64_t cols)
{
    return rowMatrix(data, rows, cols, cols);
}

} // namespace spectro::eigen
