#include "spectral/band_energy.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <limits>

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
    const int block = static_cast<int>(std::clamp<std::int64_t>((std::int64_t{4} << 20) / d, 1, 4096));
    std::vector<float> coords(static_cast<std::size_t>(std::min<std::int64_t>(block, std::max<std::int64_t>(n, 1))) *
                              static_cast<std::size_t>(d));
    for (std::int64_t first = 0; first < n; first += block) {
        const int rows = static_cast<int>(std::min<std::int64_t>(block, n - first));
        // coords[r, i] = v_i . x_r
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, d, d, 1.0f, x + first * d, d, vectors_.data(), d,
                    0.0f, coords.data(), d);
        for (int r = 0; r < rows; ++r) {
            const float* c = coords.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(d);
            double* e = out + (first + r) * bands_.count;
            for (int j = 1; j <= bands_.count; ++j) {
                double sum = 0;
                for (int i = bands_.begin(j); i < bands_.end(j); ++i) sum += static_cast<double>(c[i]) * c[i];
                e[j - 1] = sum;
            }
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
