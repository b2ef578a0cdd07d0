#include "spectral/band_energy.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "util/eigen_maps.h"
#include "util/error.h"

namespace spectro {

BandEnergy::BandEnergy(const Spectrum& spectrum, BandLayout bands)
    : dim_(spectrum.dim), bands_(std::move(bands)), vectors_(spectrum.vectors.begin(), spectrum.vectors.end())
{
    if (bands_.dim != dim_) throw Error("band energy: spectrum and bands disagree on the dimension");
}

void BandEnergy::energies(const float* x, std::int64_t n, double* out) const
{
    const int d = dim_;
    const auto V = eigen::rowMatrix(vectors_.data(), d, d);  // row i = v_i
    // Row blocks bound the scratch memory (coordinates of at most 4 MiB of rows).
    const std::int64_t block = std::clamp<std::int64_t>((std::int64_t{4} << 20) / d, 1, 4096);
    eigen::RowMatrixF coords(std::min(block, std::max<std::int64_t>(n, 1)), d);
    for (std::int64_t first = 0; first < n; first += block) {
        const auto rows = static_cast<Eigen::Index>(std::min(block, n - first));
        auto c = coords.topRows(rows);
        c.noalias() = eigen::rowMatrix(x + first * d, rows, d) * V.transpose();  // c[r, i] = v_i . x_r
        Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> e(out + first * bands_.count, rows, bands_.count);
        for (int j = 1; j <= bands_.count; ++j) {
            // e_j = ||V_j^T x||^2: the squared coordinates of band j, summed in double.
            e.col(j - 1) = c.middleCols(bands_.begin(j), bands_.size(j)).cast<double>().rowwise().squaredNorm();
        }
    }
}

std::vector<double> BandEnergy::energies(const float* x, std::int64_t n) const
{
    std::vector<double> out(static_cast<std::size_t>(n) * static_cast<std::size_t>(bands_.count));
    energies(x, n, out.data());
    return out;
}

double darkRatio(const double* energies, int bandCount)
{
    double light = 0;
    for (int j = 0; j + 1 < bandCount; ++j) light += energies[j];
    const double dark = energies[bandCount - 1];
    if (light <= 0) return dark > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    return std::sqrt(dark / light);
}

}  // namespace spectro
