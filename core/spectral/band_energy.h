#pragma once
// Spectrograms and dark ratios: how the energy of residual-space vectors spreads over the bands
// of a spectrum (paper.md, "Measurements").
//   energy of band j:  e_j = ||V_j^T h||^2   (V_j = the right singular vectors of band j)
//   U-dark ratio:      udr(h) = ||Phi_{u,N:N} h|| / ||(I - Phi_{u,N:N}) h|| = sqrt(e_N / sum_{j<N} e_j)
// The same with W_e's spectrum gives the E-dark ratio. A ratio, not a share: it is unbounded.
#include <cstdint>
#include <vector>

#include "spectral/bands.h"
#include "spectral/spectrum.h"

namespace spectro {

class BandEnergy {
public:
    BandEnergy(const Spectrum& spectrum, BandLayout bands);
    const BandLayout& bands() const { return bands_; }
    // Band energies of the n rows of x ([n, dim]) into out ([n, bands]).
    void energies(const float* x, std::int64_t n, double* out) const;
    std::vector<double> energies(const float* x, std::int64_t n) const;

private:
    int dim_;
    BandLayout bands_;
    std::vector<float> vectors_;  // V as float32 rows, for sgemm
};

// sqrt(e_N / sum_{j<N} e_j) from one row of band energies; +inf when only band N holds energy,
// 0 for the zero vector.
double darkRatio(const double* energies, int bandCount);

}  // namespace spectro
